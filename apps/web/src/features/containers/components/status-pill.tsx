import { cn } from '@/lib/cn';

const STATUS: Record<string, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  stopped: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  creating: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  error: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

export function StatusPill({ status }: { status: string }) {
  return (
    <span className={cn('status-pill', STATUS[status] ?? 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300')}>
      <span aria-hidden className={cn('status-dot', status === 'creating' && 'animate-pulse')} />
      {status}
    </span>
  );
}
