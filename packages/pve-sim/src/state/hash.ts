/**
 * Deterministic pseudo-randomness: the same inputs always give the same number, so metrics,
 * RRD history and seeded data are reproducible across restarts and between endpoints.
 */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) derived from the parts. */
export function unit(...parts: Array<string | number>): number {
  let x = fnv1a(parts.join('\u0001'));
  // xorshift finaliser to spread nearby inputs
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) / 0x1_0000_0000;
}
