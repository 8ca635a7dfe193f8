import { CHECK_KIND_LABELS } from '@kiln/services/service-checks-schema';
import { cn } from '@/lib/cn';
import type { CheckView } from '../queries';
import { CheckFormDialog } from './check-form-dialog';
import { CheckRowActions } from './check-row-actions';
import { LatencyChart } from './latency-chart';

const STATUS: Record<CheckView['lastStatus'], { label: string; cls: string }> = {
  up: { label: 'up', cls: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300' },
  down: { label: 'down', cls: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300' },
  skipped: { label: 'not checked', cls: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300' },
  unknown: { label: 'pending', cls: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300' },
};

const DAY_MS = 24 * 3600 * 1000;

function target(c: CheckView): string {
  const host = c.host ?? 'container';
  return c.kind === 'http' || c.kind === 'https' ? `${c.kind}://${host}:${c.port}${c.path}` : `${host}:${c.port}`;
}

/** The container's service checks: status, last error, TLS expiry, response time, and (operators) add/edit/pause/delete. */
export function ChecksPanel({ nodeId, vmid, checks, canEdit }: { nodeId: string; vmid: number; checks: CheckView[]; canEdit: boolean }) {
  return (
    <section className="space-y-3" aria-label="Service checks">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Probes from Kiln’s worker to the container. A check that keeps failing fires a “service down” alert through your notification channels.
        </p>
        {canEdit ? <CheckFormDialog nodeId={nodeId} vmid={vmid} /> : null}
      </div>
      {checks.length === 0 ? (
        <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">No service checks yet.{canEdit ? ' Add one to be told when the service stops answering.' : ''}</p>
      ) : (
        <ul className="space-y-3">
          {checks.map((c) => {
            const s = c.enabled ? STATUS[c.lastStatus] : { label: 'paused', cls: STATUS.unknown.cls };
            const tlsDays = c.tlsExpiresAt ? Math.floor((Date.parse(c.tlsExpiresAt) - Date.now()) / DAY_MS) : null;
            return (
              <li key={c.id} className="card p-3" data-testid="service-check" data-check={c.name}>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{c.name}</span>
                      <span className={cn('rounded px-2 py-0.5 text-xs font-medium', s.cls)} data-testid="check-status">
                        {s.label}
                      </span>
                      <span className="text-xs text-zinc-500">{CHECK_KIND_LABELS[c.kind]}</span>
                      {c.source === 'template' ? <span className="text-xs text-zinc-500">from the template</span> : null}
                    </div>
                    <p className="mt-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">{target(c)}</p>
                    <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                      Every {c.intervalSeconds} s, timeout {c.timeoutMs} ms, alerts after {c.failuresToAlert} failure{c.failuresToAlert === 1 ? '' : 's'}
                      {c.keyword ? `, must contain “${c.keyword}”` : ''}
                      {c.lastCheckedAt ? ` · last run ${c.lastCheckedAt.replace('T', ' ').slice(0, 19)} UTC${c.lastLatencyMs !== null ? ` in ${c.lastLatencyMs} ms` : ''}` : ''}
                    </p>
                    {c.lastError ? (
                      <p className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="check-error">
                        {c.lastError}
                      </p>
                    ) : null}
                    {c.kind === 'https' && c.tlsExpiresAt ? (
                      <p className={cn('mt-1 text-xs', tlsDays !== null && tlsDays < c.tlsWarnDays ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400')} data-testid="check-tls">
                        TLS certificate expires {c.tlsExpiresAt.slice(0, 10)} ({tlsDays} day{tlsDays === 1 ? '' : 's'})
                      </p>
                    ) : null}
                  </div>
                  {canEdit ? (
                    <div className="flex items-center gap-1">
                      <CheckFormDialog nodeId={nodeId} vmid={vmid} check={c} />
                      <CheckRowActions id={c.id} name={c.name} enabled={c.enabled} />
                    </div>
                  ) : null}
                </div>
                <div className="mt-2">
                  <LatencyChart name={c.name} points={c.history} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
