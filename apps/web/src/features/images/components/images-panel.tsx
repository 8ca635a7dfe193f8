'use client';

import Link from 'next/link';
import { useAction } from 'next-safe-action/hooks';
import type { ImageStorage, NodeImages, OsImage } from '@kiln/services';
import { IMAGE_OPERATIONS } from '@kiln/services/operations-table';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { OperationStatus } from '@/features/backups/components/operation-status';
import { useRunOperation } from '@/features/backups/components/use-run-operation';
import { formatBytes } from '@/lib/format';
import { deleteImageAction } from '../actions/delete-image';
import { DownloadDialog } from './download-dialog';
import { PullDialog } from './pull-dialog';

export type RunOperation = ReturnType<typeof useRunOperation>;

const when = (s: number | null) => (s ? `${new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');
const FEATURE_WHY = {
  'image-delete': 'The node’s API token lacks Datastore.Allocate on storage: the node’s settings page shows how to grant it.',
  'oci-pull': 'The node’s API token lacks Sys.AccessNetwork on the node: the node’s settings page shows how to grant it.',
} as const;

function UsedBy({ image }: { image: OsImage }) {
  if (image.usedBy.length === 0 && image.templates.length === 0) return <span className="text-zinc-500">unused</span>;
  return (
    <span className="space-x-2">
      {image.usedBy.length ? (
        <span data-testid="image-used-by">
          {image.usedBy.length} container{image.usedBy.length === 1 ? '' : 's'}: {image.usedBy.map((u) => `${u.hostname} (${u.vmid})`).join(', ')}
        </span>
      ) : null}
      {image.templates.length ? (
        <span className="text-zinc-500">
          templates:{' '}
          {image.templates.map((t, i) => (
            <span key={t.slug}>
              {i ? ', ' : ''}
              <Link className="underline" href={`/templates?q=${encodeURIComponent(t.slug)}`}>
                {t.name}
              </Link>
            </span>
          ))}
        </span>
      ) : null}
    </span>
  );
}

function ImageRow({ nodeId, storage, image, canDelete, deleteBlocked }: { nodeId: string; storage: string; image: OsImage; canDelete: boolean; deleteBlocked?: string }) {
  const del = useAction(deleteImageAction);
  const op = useRunOperation(image.name);
  const def = IMAGE_OPERATIONS['image.delete'];
  const inUse = image.usedBy.length > 0;
  const why = inUse ? `In use by ${image.usedBy.map((u) => u.hostname).join(', ')}: delete those containers first.` : deleteBlocked;
  return (
    <li className="space-y-2 py-2" data-testid="os-image" data-volid={image.volid}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 text-sm">
          <p className="break-all font-mono text-xs">{image.name}</p>
          <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-zinc-600 dark:text-zinc-400">
            <span>{image.format === 'tar' ? 'OCI image' : image.format}</span>
            <span>{formatBytes(image.size ?? undefined)}</span>
            <span>{when(image.ctime)}</span>
            <UsedBy image={image} />
          </p>
        </div>
        {canDelete ? (
          why ? (
            <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled title={why} aria-label={`Delete (not possible: ${why})`}>
              Delete
            </button>
          ) : (
            <ConfirmDialog
              trigger={
                <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={op.busy}>
                  {def.label}
                </button>
              }
              title={def.confirm.title()}
              description={`${image.name}: ${def.confirm.description}`}
              confirmLabel={def.confirm.confirmLabel}
              onConfirm={() => op.run(`${def.working} ${image.name}`, () => del.executeAsync({ nodeId, storage, volid: image.volid }))}
            />
          )
        ) : null}
      </div>
      {inUse && canDelete ? <p className="text-xs text-zinc-500">{why}</p> : null}
      <OperationStatus state={op.state} />
    </li>
  );
}

function StorageCard({ data, s }: { data: NodeImages; s: ImageStorage }) {
  const op = useRunOperation(s.storage);
  const canAct = data.access !== 'viewer';
  const canPull = canAct && s.fileBased && !data.unavailable.includes('oci-pull');
  return (
    <section className="card space-y-3 p-4" aria-label={`Storage ${s.storage}`} data-testid={`image-storage-${s.storage}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="font-semibold">{s.storage}</h3>
          <p className="text-xs text-zinc-500">
            {s.type}
            {s.shared ? ' · shared' : ''} · {formatBytes(s.avail ?? undefined)} free of {formatBytes(s.total ?? undefined)}
          </p>
        </div>
        {canAct ? (
          <div className="flex gap-2">
            <DownloadDialog nodeId={data.nodeId} storage={s.storage} present={s.images.map((i) => i.name)} op={op} />
            {canPull ? (
              <PullDialog nodeId={data.nodeId} storage={s.storage} op={op} />
            ) : (
              <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled title={s.fileBased ? FEATURE_WHY['oci-pull'] : 'OCI images go to a file-based storage.'}>
                Pull OCI image…
              </button>
            )}
          </div>
        ) : null}
      </div>
      <OperationStatus state={op.state} />
      {s.error ? <p className="text-sm text-red-700 dark:text-red-400">{s.error}</p> : null}
      {s.images.length === 0 && !s.error ? <p className="text-sm text-zinc-500">No container templates on this storage.</p> : null}
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label={`Images on ${s.storage}`}>
        {s.images.map((image) => (
          <ImageRow
            key={image.volid}
            nodeId={data.nodeId}
            storage={s.storage}
            image={image}
            canDelete={data.access === 'owner'}
            deleteBlocked={data.unavailable.includes('image-delete') ? FEATURE_WHY['image-delete'] : undefined}
          />
        ))}
      </ul>
    </section>
  );
}

/** The OS images of a node, per storage, with Download / Pull / Delete for those allowed. */
export function ImagesPanel({ data }: { data: NodeImages }) {
  if (data.error) return <p className="card p-4 text-sm text-red-700 dark:text-red-400">{data.error}</p>;
  if (data.storages.length === 0) return <p className="card p-4 text-sm">No storage on {data.pveNode} holds container templates (content “vztmpl”).</p>;
  return (
    <div className="space-y-4">
      {data.access === 'viewer' ? <p className="text-sm text-zinc-600 dark:text-zinc-400">This node is shared with you read-only.</p> : null}
      {data.access !== 'viewer'
        ? data.unavailable.map((f) => (
            <p key={f} className="text-sm text-amber-700 dark:text-amber-400" data-testid={`image-feature-${f}`}>
              {f === 'oci-pull' ? 'Pull OCI image is off: ' : 'Delete is off: '}
              {FEATURE_WHY[f]}
            </p>
          ))
        : null}
      {data.storages.map((s) => (
        <StorageCard key={s.storage} data={data} s={s} />
      ))}
    </div>
  );
}
