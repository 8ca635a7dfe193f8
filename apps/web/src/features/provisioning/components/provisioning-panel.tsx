'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { retryCreationAction } from '../actions/retry-creation';
import { deleteCreationAction } from '../actions/delete-creation';
import { keepCreationAction } from '../actions/keep-creation';
import { cancelCreationAction } from '../actions/cancel-creation';
import type { CreationProgress } from '../queries';
import { StepList } from './step-list';
import { useFollowOperation } from './follow-operation';
import { useOperation } from '@/features/operations/components/use-operation';

const MAX_OUTPUT = 200_000;

type Chunk = CreationProgress['output'][number];

/** Keeps the newest chunks within MAX_OUTPUT characters in all. */
function capChunks(chunks: Chunk[]): Chunk[] {
  let size = 0;
  let i = chunks.length;
  while (i > 0 && size + chunks[i - 1]!.text.length <= MAX_OUTPUT) size += chunks[--i]!.text.length;
  return i === 0 ? chunks : chunks.slice(i);
}

/** A step's state after a `step` event of the channel (the row's own fields come with the next refresh). */
function applyStep(steps: CreationProgress['steps'], key: string, state: string, message?: string): CreationProgress['steps'] {
  return steps.map((s) =>
    s.key !== key
      ? s
      : {
          ...s,
          state,
          ...(state === 'running' ? { startedAt: new Date().toISOString(), finishedAt: null, attempts: s.attempts + (s.state === 'running' ? 0 : 1), error: null } : {}),
          ...(state === 'done' || state === 'skipped' || state === 'failed' ? { finishedAt: new Date().toISOString() } : {}),
          ...(message && (state === 'failed' || state === 'pending') ? { error: message } : {}),
        },
  );
}

/**
 * Live progress of a creation: the step list, the running step's output as it streams, the
 * failure with Retry / Delete / Keep, the post-install note, and the full event log.
 *
 * The live part follows the creation's operation through the common operations route (replayed
 * from the start after a reload: the server render reads the channel up to `cursor`); when the
 * operation ends, the page is refreshed for what PostgreSQL keeps (failure, note, event log).
 */
export function ProvisioningPanel({ initial }: { initial: CreationProgress }) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  const [chunks, setChunks] = useState(() => capChunks(initial.output));
  const [follow, setFollow] = useState(() => ({ id: initial.operation?.mine ? initial.operation.id : null, from: initial.cursor }));
  const [actionError, setActionError] = useState<string>();
  const retry = useAction(retryCreationAction);
  const keep = useAction(keepCreationAction);
  const del = useAction(deleteCreationAction);
  const cancel = useAction(cancelCreationAction);
  const [cancelAsked, setCancelAsked] = useState(false);
  // Delete is an operation the worker runs: followed until it ends, then the page shows the row as it is.
  const [deleting, setDeleting] = useState<string>();
  const deletion = useOperation(deleting, (op) => {
    setDeleting(undefined);
    if (!op.ok) setActionError(op.operation.message ?? 'Delete failed.');
    router.refresh();
  });
  const outRef = useRef<HTMLPreElement>(null);
  const lifecycle = useRef(initial.lifecycle);

  // A refresh brings the row as PostgreSQL has it, and the channel replayed up to a new cursor.
  useEffect(() => {
    setP(initial);
    setChunks(capChunks(initial.output));
    setFollow((f) => (initial.operation?.mine && initial.operation.id !== f.id ? { id: initial.operation.id, from: initial.cursor } : f));
    if (initial.lifecycle !== lifecycle.current) {
      if (initial.lifecycle === 'ready') toast.success(`${initial.hostname} is ready.`);
      else if (initial.lifecycle === 'error' && initial.failure?.cancelled) toast.warning(`Creating ${initial.hostname} was cancelled.`);
      else if (initial.lifecycle === 'error') toast.error(`Creating ${initial.hostname} failed${initial.failure?.title ? ` at “${initial.failure.title}”` : ''}.`);
      lifecycle.current = initial.lifecycle;
    }
  }, [initial]);

  useFollowOperation(
    follow.id,
    follow.from,
    (batch) => {
      const out: Chunk[] = [];
      let ended = false;
      setP((cur) => {
        let steps = cur.steps;
        for (const { event } of batch.events) if (event.type === 'step') steps = applyStep(steps, event.step, event.state, event.message);
        return steps === cur.steps ? cur : { ...cur, steps };
      });
      for (const { id, event } of batch.events) {
        if (event.type === 'output') out.push({ id, step: event.step ?? '', text: event.text });
        if (event.type === 'state' && event.state !== 'running' && event.state !== 'queued') ended = true;
      }
      if (out.length) setChunks((c) => capChunks([...c, ...out]));
      if (ended) router.refresh();
    },
    () => setFollow({ id: null, from: '0' }),
  );

  // Without an operation to follow (another user's, or gone), the row itself is refreshed while it runs.
  useEffect(() => {
    if (follow.id || p.lifecycle !== 'creating') return;
    const t = setInterval(() => router.refresh(), 3000);
    return () => clearInterval(t);
  }, [follow.id, p.lifecycle, router]);

  const running = p.steps.find((s) => s.state === 'running');
  // The box shows one step's output: the running one, else the last step that printed.
  const shownKey = running?.key ?? chunks.at(-1)?.step;
  const shown = p.steps.find((s) => s.key === shownKey);
  const output = chunks
    .filter((c) => c.step === shownKey)
    .map((c) => c.text)
    .join('');

  useEffect(() => {
    const el = outRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [output]);

  const done = p.steps.filter((s) => s.state === 'done' || s.state === 'skipped').length;
  const cancelled = p.lifecycle === 'error' && !!p.failure?.cancelled;
  const asked = cancelAsked || p.events.some((e) => e.type === 'cancel.requested');

  return (
    <section className="space-y-4" aria-label="Creation progress" data-lifecycle={p.lifecycle}>
      <div className="card p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-semibold">
            {p.lifecycle === 'creating'
              ? asked
                ? 'Cancelling…'
                : 'Creating…'
              : p.lifecycle === 'ready'
                ? 'Ready'
                : cancelled
                  ? 'Creation cancelled'
                  : p.lifecycle === 'error'
                    ? 'Creation failed'
                    : 'Deleted'}
          </h2>
          <span className="flex items-center gap-3 text-sm text-zinc-500">
            {done} of {p.steps.length} steps
            {p.lifecycle === 'creating' ? (
              <ConfirmDialog
                trigger={
                  <button type="button" className="btn-secondary" disabled={asked || cancel.isPending}>
                    {asked ? 'Cancel requested' : 'Cancel'}
                  </button>
                }
                title={`Cancel creating ${p.hostname}?`}
                description="Kiln stops after the step that is running (a Proxmox task under way finishes first). Afterwards you can delete the container, keep it as it is, or retry from where it stopped."
                confirmLabel="Cancel creation"
                onConfirm={async () => {
                  setActionError(undefined);
                  const r = await cancel.executeAsync({ containerId: p.id });
                  if (r?.serverError) return r.serverError.message;
                  setCancelAsked(true);
                  router.refresh();
                  return undefined;
                }}
              />
            ) : null}
          </span>
        </div>
        <div className="mt-2 h-1.5 rounded bg-zinc-200 dark:bg-zinc-800">
          <div
            className={cancelled ? 'h-1.5 rounded bg-amber-500' : p.lifecycle === 'error' ? 'h-1.5 rounded bg-red-500' : 'h-1.5 rounded bg-kiln-500'}
            style={{ width: `${Math.round((done / Math.max(1, p.steps.length)) * 100)}%` }}
          />
        </div>
        <div className="mt-3">
          <StepList steps={p.steps} />
        </div>
      </div>

      {p.lifecycle === 'error' && p.failure ? (
        <div role="alert" className={cancelled ? 'card border-amber-400 p-4 text-sm' : 'card border-red-400 p-4 text-sm'} data-testid="creation-failure">
          <h3 className={cancelled ? 'font-semibold text-amber-700 dark:text-amber-400' : 'font-semibold text-red-700 dark:text-red-400'}>
            {cancelled ? `Cancelled by ${p.failure.cancelledBy ?? 'someone'} before “${p.failure.title ?? p.failure.step}”` : `${p.failure.title ?? p.failure.step} failed`}
          </h3>
          <p className="mt-1">
            {p.failure.message}
            {p.failure.exitCode !== undefined ? ` (exit code ${p.failure.exitCode})` : ''}
          </p>
          {p.failure.outputTail ? <pre className="mt-2 max-h-64 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">{p.failure.outputTail}</pre> : null}
          {actionError ? <p className="field-error">{actionError}</p> : null}
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-primary"
              disabled={retry.isPending}
              onClick={async () => {
                setActionError(undefined);
                const r = await retry.executeAsync({ containerId: p.id });
                if (r?.serverError) setActionError(r.serverError.message);
                else if (r?.data) {
                  // The Retry is a new operation: follow it from its first event.
                  setP({ ...p, lifecycle: 'creating' });
                  lifecycle.current = 'creating';
                  setChunks([]);
                  setFollow({ id: r.data.operationId, from: '0' });
                }
              }}
            >
              {retry.isPending ? 'Retrying…' : 'Retry from this step'}
            </button>
            <ConfirmDialog
              trigger={
                <button type="button" className="btn-danger" disabled={!!deleting || del.isPending}>
                  {deleting ? (deletion?.operation.state === 'running' ? 'Deleting…' : 'Delete queued…') : 'Delete'}
                </button>
              }
              title={`Delete ${p.hostname}?`}
              description={`Kiln destroys CT ${p.vmid} on ${p.pveNode} if it was created, and frees the VMID. The history stays in Kiln.`}
              confirmLabel="Delete container"
              onConfirm={async () => {
                setActionError(undefined);
                const r = await del.executeAsync({ containerId: p.id });
                if (r?.serverError) return r.serverError.message;
                if (r?.data?.operationId) setDeleting(r.data.operationId);
                else router.refresh();
                return undefined;
              }}
            />
            <button
              type="button"
              className="btn-secondary"
              disabled={keep.isPending}
              onClick={async () => {
                const r = await keep.executeAsync({ containerId: p.id });
                if (r?.serverError) setActionError(r.serverError.message);
                else router.refresh();
              }}
            >
              Keep as it is
            </button>
          </div>
        </div>
      ) : null}

      {p.lifecycle === 'ready' && p.postInstall ? (
        <div className="card border-emerald-400 p-4 text-sm" data-testid="post-install">
          <h3 className="font-semibold text-emerald-700 dark:text-emerald-400">Next steps</h3>
          <p className="mt-1 whitespace-pre-wrap">{p.postInstall}</p>
        </div>
      ) : null}

      <div className="card p-4">
        <h3 className="mb-2 text-sm font-semibold">{shown ? `Output of “${shown.title}”` : 'Output'}</h3>
        <pre ref={outRef} data-testid="step-output" className="max-h-80 min-h-24 overflow-auto whitespace-pre-wrap break-all rounded bg-zinc-950 p-3 text-xs text-zinc-100">
          {output || (p.lifecycle === 'creating' ? 'Waiting for output…' : 'No output.')}
        </pre>
      </div>

      <details className="card p-4">
        <summary className="cursor-pointer text-sm font-semibold">Event log ({p.events.length})</summary>
        <ol className="mt-2 space-y-1 text-xs">
          {p.events.map((e) => (
            <li key={e.id} className={e.level === 'error' ? 'text-red-700 dark:text-red-400' : e.level === 'warn' ? 'text-amber-700 dark:text-amber-400' : ''}>
              <span className="text-zinc-500">{e.at.replace('T', ' ').slice(0, 19)}</span> {e.message}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
