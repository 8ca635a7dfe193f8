'use client';

import type { RunState } from './use-run-operation';

/** The running operation's last log lines, or how it ended. */
export function OperationStatus({ state }: { state: RunState }) {
  if (state.label || state.live) {
    const lines = state.live?.lines.slice(-6) ?? [];
    return (
      <div role="status" aria-live="polite" data-testid="backup-operation-running" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950/40">
        <p className="font-medium text-sky-900 dark:text-sky-200">{state.label ?? state.live?.operation.targetName ?? 'Working'}…</p>
        {lines.length ? <pre className="mt-2 max-h-40 overflow-auto whitespace-pre-wrap text-xs text-zinc-700 dark:text-zinc-300">{lines.join('\n')}</pre> : null}
      </div>
    );
  }
  if (!state.result) return null;
  const { ok, message, lines } = state.result;
  return (
    <div
      role={ok ? 'status' : 'alert'}
      data-testid="backup-operation-result"
      className={
        ok
          ? 'rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm dark:border-emerald-900 dark:bg-emerald-950/40'
          : 'rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/40'
      }
    >
      <p className="font-medium">{message}</p>
      {!ok && lines.length ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs">Task log</summary>
          <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap text-xs">{lines.join('\n')}</pre>
        </details>
      ) : null}
    </div>
  );
}
