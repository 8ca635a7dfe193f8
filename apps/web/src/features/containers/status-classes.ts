/** Statuses with a colour of their own (st-* in globals.css, written out whole for Tailwind's scan); anything else is amber. */
const PILL: Record<string, string> = {
  running: 'status-pill st-running',
  stopped: 'status-pill st-stopped',
  creating: 'status-pill st-creating',
  error: 'status-pill st-error',
};

/** A status pill's and its dot's classes, for the component and the containers table's markup. */
export function statusPillClasses(status: string): { pill: string; dot: string } {
  return { pill: PILL[status] ?? 'status-pill st-other', dot: status === 'creating' ? 'status-dot animate-pulse' : 'status-dot' };
}
