import type { ContainerRef } from '@kiln/services';
import { settingsFor } from '../queries';
import { DisksCard } from './disks-card';
import { Markdown } from './markdown';
import { PendingCard } from './pending-card';
import { SettingsForm } from './settings-form';

/** The Settings tab: pending changes, the settings form, disks. Viewers see the same, read-only. */
export async function SettingsTab({ userId, containerRef, canEdit }: { userId: string; containerRef: ContainerRef; canEdit: boolean }) {
  const r = await settingsFor(userId, containerRef);
  if ('error' in r)
    return (
      <p role="alert" className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        {r.error}
      </p>
    );
  const { view } = r;
  const { nodeId, vmid } = containerRef;
  return (
    <div className="space-y-4" data-testid="settings-tab">
      {!canEdit ? (
        <p className="card px-4 py-3 text-sm text-zinc-600 dark:text-zinc-400">
          This node is shared with you read-only: you can see the settings, its owner can give you operator access to change them.
        </p>
      ) : null}
      <PendingCard nodeId={nodeId} vmid={vmid} pending={view.pending} canEdit={canEdit} />
      {view.values.description.trim() ? (
        <section className="card p-4" aria-label="Notes">
          <Markdown source={view.values.description} />
        </section>
      ) : null}
      <SettingsForm nodeId={nodeId} vmid={vmid} view={view} canEdit={canEdit} />
      <DisksCard nodeId={nodeId} vmid={vmid} digest={view.digest} disks={view.disks} unused={view.unused} canEdit={canEdit} />
    </div>
  );
}
