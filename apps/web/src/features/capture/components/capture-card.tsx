'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { CAPTURE_OPERATIONS } from '@kiln/services/operations-table';
import { useOperation } from '@/features/operations/components/use-operation';
import { captureAction } from '../actions/capture';

/** Where the template editor opens a capture's draft. */
export const draftHref = (operationId: string) => `/templates/new?capture=${operationId}`;

/**
 * On a container's overview (operators): Capture as template reads the container (resources,
 * features, network shape, packages and enabled services beyond its OS image) in the worker, then
 * opens the draft in the template editor, where the user edits and saves it.
 */
export function CaptureCard({ nodeId, vmid, name, running, activeId }: { nodeId: string; vmid: number; name: string; running: boolean; activeId?: string }) {
  const router = useRouter();
  const def = CAPTURE_OPERATIONS['container.capture'];
  const [operationId, setOperationId] = useState(activeId);
  const [result, setResult] = useState<{ ok: boolean; message: string; draft?: string }>();
  const { executeAsync, isPending } = useAction(captureAction);
  const live = useOperation(operationId, (op) => {
    setOperationId(undefined);
    const message = op.operation.message ?? (op.ok ? `${def.past} ${name}.` : 'The capture did not work.');
    setResult({ ok: op.ok, message, draft: op.ok ? draftHref(op.operation.id) : undefined });
    if (op.ok) router.push(draftHref(op.operation.id));
    else toast.error(`${name}: ${message}`);
  });
  const busy = !!operationId || isPending;
  return (
    <section className="card p-4" aria-labelledby="capture-title" data-testid="capture-card">
      <h2 id="capture-title" className="mb-2 font-semibold">
        Template from this container
      </h2>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        Kiln reads its resources, features and network shape, and inside it the packages and enabled services beyond its OS image, and opens a template draft in the editor. No file contents, addresses
        or secrets are copied, and nothing in the container changes.
      </p>
      {operationId ? (
        <p role="status" aria-live="polite" data-testid="capture-progress" className="flex items-center gap-2 text-sm">
          <span className="h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
          {def.working} {name}…{live?.lines.length ? <span className="truncate font-mono text-xs text-zinc-500">{live.lines.at(-1)}</span> : null}
        </p>
      ) : (
        <button
          type="button"
          className="btn-secondary"
          disabled={busy || !running}
          title={running ? undefined : 'Start the container first: Kiln reads its packages inside it.'}
          onClick={async () => {
            setResult(undefined);
            const r = await executeAsync({ nodeId, vmid });
            if (r?.serverError) setResult({ ok: false, message: r.serverError.message });
            else if (r?.data?.operationId) setOperationId(r.data.operationId);
          }}
        >
          {isPending ? 'Asking…' : def.label}
        </button>
      )}
      {!running && !operationId ? <p className="mt-2 text-xs text-zinc-500">Start the container to capture it.</p> : null}
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} data-testid="capture-result" className={result.ok ? 'mt-2 text-sm text-emerald-700 dark:text-emerald-400' : 'field-error mt-2'}>
          {result.message}{' '}
          {result.draft ? (
            <Link href={result.draft} className="underline">
              Open the draft
            </Link>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
