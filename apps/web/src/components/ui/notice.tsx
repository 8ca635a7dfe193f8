import { cn } from '@/lib/cn';

/** The verdict of something the user started: a green status line, or a red alert when it failed. */
export function Notice({ ok, text, testId }: { ok: boolean; text: string; testId?: string }) {
  return (
    <p
      role={ok ? 'status' : 'alert'}
      data-testid={testId}
      className={cn(
        'rounded-md border px-3 py-2 text-sm',
        ok
          ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200'
          : 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200',
      )}
    >
      {text}
    </p>
  );
}
