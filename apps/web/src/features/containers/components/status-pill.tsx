import { cn } from '@/lib/cn';

/** Statuses with a colour of their own (st-* in globals.css, written out whole for Tailwind's scan); anything else is amber. */
const PILL: Record<string, string> = {
  running: 'status-pill st-running',
  stopped: 'status-pill st-stopped',
  creating: 'status-pill st-creating',
  error: 'status-pill st-error',
};

/** The pill's and its dot's classes; the containers table builds the same markup as a string. */
export function statusPillClasses(status: string): { pill: string; dot: string } {
  return {
    pill: PILL[status] ?? 'status-pill st-other',
    dot: cn('status-dot', status === 'creating' && 'animate-pulse'),
  };
}

export function StatusPill({ status }: { status: string }) {
  const c = statusPillClasses(status);
  return (
    <span className={c.pill}>
      <span aria-hidden className={c.dot} />
      {status}
    </span>
  );
}
