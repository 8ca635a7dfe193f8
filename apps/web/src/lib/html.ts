const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

/**
 * Text or an attribute value made safe to place between tags or inside double-quoted attributes
 * of hand-built markup. Hand-built markup is for hot lists only; everything else goes through React.
 */
export function escapeHtml(value: string | number): string {
  const s = String(value);
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ENTITIES[c]!) : s;
}
