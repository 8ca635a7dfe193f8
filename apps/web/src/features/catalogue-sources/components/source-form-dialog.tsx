'use client';

import { useForm } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { saveCatalogueSourceAction } from '../actions/save-source';

export interface SourceFormValues {
  name: string;
  kind: 'kiln' | 'helper-scripts';
  url: string;
  ref: string;
  pinnedCommit: string;
  pinnedOnly: boolean;
  enabled: boolean;
  /** '' = only "Sync now" */
  syncEveryMinutes: string;
  /** helper-scripts: the metadata database's URL; '' = the scripts' own metadata only */
  metadataUrl: string;
}

const SCHEDULES = [
  { value: '', label: 'Only when I press Sync now' },
  { value: '60', label: 'Every hour' },
  { value: '360', label: 'Every 6 hours' },
  { value: '1440', label: 'Every day' },
  { value: '10080', label: 'Every week' },
];

const EMPTY: SourceFormValues = { name: '', kind: 'helper-scripts', url: '', ref: 'main', pinnedCommit: '', pinnedOnly: false, enabled: true, syncEveryMinutes: '1440', metadataUrl: '' };

/** Add a source, or edit one (`id` and its values): name, URL, ref, pin, schedule, enabled. The kind stays. */
export function SourceFormDialog({ id, values }: { id?: string; values?: SourceFormValues }) {
  const form = useForm<SourceFormValues>({ defaultValues: values ?? EMPTY });
  const { executeAsync, isPending } = useAction(saveCatalogueSourceAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, (v) => executeAsync({ ...v, ...(id ? { id } : {}) }));
  const { errors } = form.formState;
  const register = form.register;
  const p = id ? `source-${id}` : 'new-source';
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={id ? 'Edit' : 'Add source'}
      triggerClassName={id ? 'btn-ghost' : 'btn-primary'}
      title={id ? `Edit ${values?.name ?? 'source'}` : 'Add a catalogue source'}
      description="Kiln's worker fetches the repository with git over HTTPS and turns what it holds into templates every user can deploy."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id={`${p}-name`} label="Name" error={errors.name?.message}>
          <input id={`${p}-name`} className="input" autoComplete="off" aria-invalid={!!errors.name} {...register('name')} />
        </FormField>
        <FormField id={`${p}-kind`} label="Kind" error={errors.kind?.message} hint={id ? 'The kind of a source stays; add another source for another kind.' : undefined}>
          <select id={`${p}-kind`} className="input" disabled={!!id} {...register('kind')}>
            <option value="helper-scripts">Community helper scripts (ct/ and install/ layout)</option>
            <option value="kiln">Kiln templates (kiln/v1 YAML or JSON files)</option>
          </select>
        </FormField>
        <FormField id={`${p}-url`} label="Git repository URL" error={errors.url?.message} hint="https://github.com/community-scripts/ProxmoxVE.git, or a .tar.gz of it">
          <input id={`${p}-url`} className="input" inputMode="url" autoComplete="off" aria-invalid={!!errors.url} {...register('url')} />
        </FormField>
        {form.watch('kind') === 'helper-scripts' ? (
          <FormField id={`${p}-metadataUrl`} label="Metadata database URL (optional)" error={errors.metadataUrl?.message} hint="Upstream's: https://db.community-scripts.org. Empty: the scripts' own.">
            <input id={`${p}-metadataUrl`} className="input" inputMode="url" autoComplete="off" aria-invalid={!!errors.metadataUrl} {...register('metadataUrl')} />
          </FormField>
        ) : null}
        <FormField id={`${p}-ref`} label="Branch or tag" error={errors.ref?.message}>
          <input id={`${p}-ref`} className="input" autoComplete="off" aria-invalid={!!errors.ref} {...register('ref')} />
        </FormField>
        <FormField id={`${p}-pinnedCommit`} label="Pinned commit (optional)" error={errors.pinnedCommit?.message} hint="A full commit id: sync exactly this commit instead of the branch head.">
          <input id={`${p}-pinnedCommit`} className="input font-mono" autoComplete="off" spellCheck={false} aria-invalid={!!errors.pinnedCommit} {...register('pinnedCommit')} />
        </FormField>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...register('pinnedOnly')} /> Only ever sync the pinned commit
        </label>
        <FormField id={`${p}-schedule`} label="Sync" error={errors.syncEveryMinutes?.message}>
          <select id={`${p}-schedule`} className="input" {...register('syncEveryMinutes')}>
            {SCHEDULES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </FormField>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...register('enabled')} /> Enabled (a disabled source is not synced; its templates stay)
        </label>
        <FormDialogButtons busy={isPending} label={id ? 'Save' : 'Add source'} busyLabel="Saving…" />
      </form>
    </FormDialog>
  );
}
