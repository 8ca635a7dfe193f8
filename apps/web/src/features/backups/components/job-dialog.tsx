'use client';

import { useMemo, useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { checkCalendarEvent, describeCalendarEvent, nextEvents, parseCalendarEvent } from '@kiln/core/calendar';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { saveBackupJobAction } from '../actions/save-job';
import type { JobRow } from '../model';
import type { useRunOperation } from './use-run-operation';

const KEEPS = ['keep-last', 'keep-hourly', 'keep-daily', 'keep-weekly', 'keep-monthly', 'keep-yearly'] as const;
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export interface JobGuest {
  vmid: number;
  name: string;
  tags: string[];
  guest: 'lxc' | 'qemu';
}

/** What PVE will do with a schedule: a sentence and the next three runs, or why it cannot read it. */
export function SchedulePreview({ schedule }: { schedule: string }) {
  const preview = useMemo(() => {
    const why = checkCalendarEvent(schedule);
    if (why) return { error: why };
    return { text: describeCalendarEvent(schedule), next: nextEvents(parseCalendarEvent(schedule), Date.now(), 3) };
  }, [schedule]);
  if (!schedule.trim()) return null;
  if ('error' in preview) return <p className="text-xs text-red-700 dark:text-red-400">Not a calendar event Proxmox VE understands: {preview.error}.</p>;
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="schedule-preview">
      {preview.text}. Next: {preview.next.map((t) => fmt(t)).join(', ')} UTC.
    </p>
  );
}

/**
 * A PVE backup job (runs on Proxmox VE even when Kiln is down): which guests, containers and VMs
 * (chosen, all, a pool, or those with tags, resolved to VMIDs when saved), when, where, retention, notes.
 */
export function JobDialog({
  nodeId,
  job,
  guests,
  pools,
  storages,
  op,
  trigger,
}: {
  nodeId: string;
  job?: JobRow;
  guests: JobGuest[];
  /** The cluster's pools (from the worker's catalog); null when unknown: then the id is typed. */
  pools: string[] | null;
  storages: string[];
  op: ReturnType<typeof useRunOperation>;
  trigger: string;
}) {
  const save = useAction(saveBackupJobAction);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [schedule, setSchedule] = useState(job?.schedule ?? 'daily');
  const [storage, setStorage] = useState(job?.storage ?? storages[0] ?? '');
  const [selection, setSelection] = useState<'vmids' | 'all' | 'pool' | 'tags'>(job ? (job.all ? 'all' : job.pool ? 'pool' : 'vmids') : 'vmids');
  const [vmids, setVmids] = useState<number[]>(job?.vmids ?? []);
  const [tags, setTags] = useState('');
  const [pool, setPool] = useState(job?.pool ?? '');
  const [mode, setMode] = useState<'snapshot' | 'suspend' | 'stop'>((job?.mode as 'snapshot') ?? 'snapshot');
  const [retention, setRetention] = useState<Record<string, string>>(Object.fromEntries(KEEPS.map((k) => [k, job?.retention[k] !== undefined ? String(job.retention[k]) : ''])));
  const [notes, setNotes] = useState(job?.notesTemplate ?? '{{guestname}}');
  const [comment, setComment] = useState(job?.comment ?? '');
  const [enabled, setEnabled] = useState(job?.enabled ?? true);
  const tagged = useMemo(() => {
    const want = tags
      .split(/[\s,;]+/)
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    return want.length ? guests.filter((g) => g.tags.some((t) => want.includes(t.toLowerCase()))) : [];
  }, [tags, guests]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    setFieldErrors({});
    const keep: Record<string, number> = {};
    for (const k of KEEPS) {
      const v = retention[k]?.trim();
      if (!v) continue;
      if (!/^\d+$/.test(v)) return setFieldErrors({ [k]: 'A whole number.' });
      keep[k] = Number(v);
    }
    const chosen = selection === 'tags' ? tagged.map((g) => g.vmid) : vmids;
    if ((selection === 'vmids' || selection === 'tags') && chosen.length === 0)
      return setFieldErrors({ vmids: selection === 'tags' ? 'No container has these tags.' : 'Choose at least one container.' });
    const err = await op.run(job ? `Saving job ${job.id}` : 'Creating the backup job', async () => {
      const r = await save.executeAsync({
        nodeId,
        id: job?.id,
        job: {
          schedule,
          storage,
          selection: selection === 'tags' ? 'vmids' : selection,
          vmids: chosen,
          pool: selection === 'pool' ? pool : undefined,
          mode,
          compress: 'zstd',
          enabled,
          retention: keep,
          notesTemplate: notes || undefined,
          comment: comment || (selection === 'tags' ? `Kiln: containers tagged ${tags}` : undefined),
        },
      });
      const fe = r?.serverError as { fieldErrors?: Record<string, string> } | undefined;
      if (fe?.fieldErrors) setFieldErrors(fe.fieldErrors);
      return r;
    });
    if (err) setError(err);
    else setOpen(false);
  }
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={trigger}
      triggerClassName={job ? 'btn-secondary px-2 py-1 text-xs' : 'btn-primary'}
      title={job ? `Edit ${job.id}` : 'New backup job'}
      description="Proxmox VE runs this job itself, also when Kiln is down."
    >
      <form onSubmit={(e) => void submit(e)} className="max-h-[70vh] space-y-3 overflow-y-auto pr-1">
        <FormAlert message={error} />
        <FormField id="job-schedule" label="Schedule" error={fieldErrors['schedule']} hint="daily, sat 02:00, mon..fri 21:00, */30 …">
          <input id="job-schedule" className="input" value={schedule} onChange={(e) => setSchedule(e.target.value)} aria-invalid={!!fieldErrors['schedule']} />
        </FormField>
        <SchedulePreview schedule={schedule} />
        <FormField id="job-storage" label="Storage">
          <select id="job-storage" className="input" value={storage} onChange={(e) => setStorage(e.target.value)}>
            {storages.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </FormField>
        <FormField id="job-selection" label="Containers" error={fieldErrors['vmids']}>
          <select id="job-selection" className="input" value={selection} onChange={(e) => setSelection(e.target.value as typeof selection)}>
            <option value="vmids">Chosen containers</option>
            <option value="tags">Containers with tags (resolved now)</option>
            <option value="all">All guests (containers and VMs)</option>
            <option value="pool">A pool</option>
          </select>
        </FormField>
        {selection === 'vmids' ? (
          <div className="max-h-40 overflow-y-auto rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800" role="group" aria-label="Containers to back up">
            {guests.map((g) => (
              <label key={g.vmid} className="flex items-center gap-2">
                <input type="checkbox" checked={vmids.includes(g.vmid)} onChange={(e) => setVmids(e.target.checked ? [...vmids, g.vmid] : vmids.filter((v) => v !== g.vmid))} />{' '}
                {g.guest === 'qemu' ? 'VM ' : ''}
                {g.vmid} {g.name}
              </label>
            ))}
          </div>
        ) : null}
        {selection === 'tags' ? (
          <FormField id="job-tags" label="Tags" hint={tagged.length ? `Now: ${tagged.map((g) => g.vmid).join(', ')}. Containers tagged later are not added.` : 'Comma-separated.'}>
            <input id="job-tags" className="input" value={tags} onChange={(e) => setTags(e.target.value)} />
          </FormField>
        ) : null}
        {selection === 'pool' ? (
          <FormField
            id="job-pool"
            label="Pool"
            error={fieldErrors['pool']}
            hint={pools?.length === 0 ? 'This cluster has no resource pools yet.' : pools === null ? 'The API token may not list pools (Pool.Audit): type its ID.' : undefined}
          >
            {pools?.length ? (
              <select id="job-pool" className="input" value={pool} onChange={(e) => setPool(e.target.value)}>
                <option value="">Choose a pool</option>
                {(pool && !pools.includes(pool) ? [pool, ...pools] : pools).map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            ) : (
              <input id="job-pool" className="input" value={pool} onChange={(e) => setPool(e.target.value)} />
            )}
          </FormField>
        ) : null}
        <FormField id="job-mode" label="Mode">
          <select id="job-mode" className="input" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="snapshot">Snapshot</option>
            <option value="suspend">Suspend</option>
            <option value="stop">Stop</option>
          </select>
        </FormField>
        <fieldset>
          <legend className="mb-1 text-sm font-medium">Retention (empty: the storage’s own)</legend>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            {KEEPS.map((k) => (
              <FormField key={k} id={`job-${k}`} label={k.replace('keep-', 'Keep ')} error={fieldErrors[k]}>
                <input id={`job-${k}`} className="input" inputMode="numeric" value={retention[k] ?? ''} onChange={(e) => setRetention({ ...retention, [k]: e.target.value })} />
              </FormField>
            ))}
          </div>
        </fieldset>
        <FormField id="job-notes" label="Notes template">
          <input id="job-notes" className="input" value={notes} maxLength={1024} onChange={(e) => setNotes(e.target.value)} />
        </FormField>
        <FormField id="job-comment" label="Comment">
          <input id="job-comment" className="input" value={comment} maxLength={512} onChange={(e) => setComment(e.target.value)} />
        </FormField>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
        <FormDialogButtons busy={save.isPending} label={job ? 'Save job' : 'Create job'} busyLabel="Asking…" />
      </form>
    </FormDialog>
  );
}
