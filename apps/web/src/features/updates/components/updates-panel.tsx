'use client';

import { useEffect, useRef, useState } from 'react';
import type { AppVersionView, UpdateStatusView } from '@kiln/services';
import { FormAlert } from '@/components/form-field';
import { formatAge, formatUtcDateTime } from '@/lib/format';
import { checkUpdatesAction } from '../actions/check-updates';
import { updateStatusAction } from '../actions/update-status';

/** How long the tab waits for the worker's answer to "Check now" (apt may wait a minute for a lock). */
const WAIT_MS = 180_000;
const POLL_MS = 2000;

const FAMILY_LABEL: Record<string, string> = { apt: 'apt (Debian/Ubuntu)', apk: 'apk (Alpine)', dnf: 'dnf (Fedora/Rocky)' };

/**
 * The app of the container's template: installed → latest when newer, up to date, or why Kiln
 * could not tell (the version it did read stays shown).
 */
function AppVersion({ app }: { app: AppVersionView }) {
  const detected = app.update
    ? `${app.name} ${app.installed} → ${app.latest} available`
    : app.installed && app.latest
      ? `${app.name} ${app.installed}, up to date`
      : `${app.name}${app.installed ? ` ${app.installed}` : ''}`;
  const tone = app.update
    ? 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-200'
    : app.error
      ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200'
      : 'border-zinc-200 text-zinc-700 dark:border-zinc-800 dark:text-zinc-300';
  return (
    <p className={`rounded-md border px-3 py-2 text-sm ${tone}`} data-testid="app-version">
      <span className="font-medium">App:</span> {detected}
      {app.error ? <span className="break-words"> — could not detect: {app.error}</span> : null}
      {app.update ? <span className="text-xs"> · an OS update (or the template’s update) installs it</span> : null}
    </p>
  );
}

/**
 * A container's pending OS package upgrades from its last check: current → new version, security
 * first, when it was checked and when it will be next, and why a check failed. Operators can check now.
 */
export function UpdatesPanel({ nodeId, vmid, initial, canCheck, running }: { nodeId: string; vmid: number; initial: UpdateStatusView | null; canCheck: boolean; running: boolean }) {
  const [status, setStatus] = useState(initial);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function checkNow() {
    setError(undefined);
    setChecking(true);
    const r = await checkUpdatesAction({ nodeId, vmid }).catch(() => undefined);
    if (!r?.data) {
      setChecking(false);
      setError(r?.serverError?.message ?? 'The check could not be queued.');
      return;
    }
    const since = r.data.requestedAt;
    const deadline = Date.now() + WAIT_MS;
    const poll = async () => {
      const s = await updateStatusAction({ nodeId, vmid }).catch(() => undefined);
      if (s?.data && s.data.checkedAt >= since) {
        setStatus(s.data);
        setChecking(false);
        return;
      }
      if (Date.now() > deadline) {
        setChecking(false);
        setError('No answer from the check yet: Kiln’s worker may be busy or stopped. The result will show here when it arrives.');
        return;
      }
      timer.current = setTimeout(() => void poll(), POLL_MS);
    };
    timer.current = setTimeout(() => void poll(), POLL_MS);
  }

  return (
    <div className="space-y-3" data-testid="updates">
      <div className="flex flex-wrap items-center gap-2">
        {canCheck ? (
          <button type="button" className="btn-secondary" onClick={() => void checkNow()} disabled={checking || !running} title={running ? undefined : 'Start the container to check it'}>
            {checking ? 'Checking…' : 'Check now'}
          </button>
        ) : null}
        {status ? (
          <span className="text-xs text-zinc-500">
            Checked {formatAge(status.checkedAt)} ({formatUtcDateTime(status.checkedAt)}) · next check {formatUtcDateTime(status.nextCheckAt)}
          </span>
        ) : null}
      </div>
      <FormAlert message={error} />
      {!running && canCheck ? <p className="text-sm text-zinc-600 dark:text-zinc-400">The container is not running: Kiln checks running containers only.</p> : null}
      {status?.error ? (
        <div
          role="status"
          data-testid="update-error"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <p className="font-medium">The last check did not work.</p>
          <p className="break-words">{status.error}</p>
          {status.okAt ? <p className="mt-1 text-xs">The list below is from the check of {formatUtcDateTime(status.okAt)}.</p> : null}
        </div>
      ) : null}
      {status?.app ? <AppVersion app={status.app} /> : null}
      {checking && !status ? <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">Checking for updates…</p> : null}
      {!status && !checking ? (
        <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
          Not checked yet. Kiln checks each running container once a day{canCheck ? '; use Check now to see its updates at once' : ''}.
        </p>
      ) : null}
      {status && status.okAt && status.packages.length === 0 ? (
        <p className="card px-4 py-6 text-center text-sm text-emerald-800 dark:text-emerald-300" data-testid="up-to-date">
          Up to date{status.family ? ` (${FAMILY_LABEL[status.family] ?? status.family})` : ''}.
        </p>
      ) : null}
      {status && status.packages.length > 0 ? (
        <div className="card overflow-hidden">
          <p className="border-b border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
            <span className="font-medium">
              {status.pending} package upgrade{status.pending === 1 ? '' : 's'}
            </span>
            {status.security ? <span className="text-red-700 dark:text-red-400">, {status.security} for security</span> : null}
            {status.family ? <span className="text-zinc-500"> · {FAMILY_LABEL[status.family] ?? status.family}</span> : null}
          </p>
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="update-packages">
            {status.packages.map((p) => (
              <li key={p.name} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2" data-package={p.name}>
                <span className="font-mono font-medium">{p.name}</span>
                {p.security ? <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300">security</span> : null}
                <span className="min-w-0 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">
                  {p.current} → <span className="text-zinc-900 dark:text-zinc-100">{p.next}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
