'use client';

import type { Path, UseFormReturn } from 'react-hook-form';
import { BULK_UPDATE_MAX_PER_NODE } from '@kiln/services/schemas';
import { FormField } from '@/components/form-field';
import type { BulkOptionsForm } from '../schemas';

export const SAFETY_TEXT = {
  snapshot: 'Snapshot first (quick; where the storage cannot snapshot, a backup to the storage below instead)',
  backup: 'Backup first (vzdump to the storage below; slower, restored if the update fails)',
  none: 'No safety net: a failed update cannot be rolled back',
} as const;

/** The safety net radios, for any update form with a `safety` field. */
export function SafetyNetField<T extends { safety: BulkOptionsForm['safety'] }>({ form }: { form: UseFormReturn<T> }) {
  return (
    <fieldset>
      <legend className="label">Safety net</legend>
      {(['snapshot', 'backup', 'none'] as const).map((s) => (
        <label key={s} className="flex items-start gap-2 text-sm">
          <input type="radio" className="mt-1" value={s} {...form.register('safety' as Path<T>)} /> {SAFETY_TEXT[s]}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * What a bulk update and a schedule ask: OS packages or security only, the safety net (and the
 * backup storage, by name: the batch may span nodes), how many at once per node, and whether the
 * batch stops at the first rollback.
 */
export function BulkOptionsFields<T extends BulkOptionsForm>({ form, idPrefix }: { form: UseFormReturn<T>; idPrefix: string }) {
  const errors = form.formState.errors as Partial<Record<keyof BulkOptionsForm, { message?: string }>>;
  const field = (name: keyof BulkOptionsForm) => name as Path<T>;
  return (
    <>
      <fieldset>
        <legend className="label">What</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="os-security" {...form.register(field('what'))} /> Security updates only
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="os" {...form.register(field('what'))} /> All OS packages (apt, apk or dnf)
        </label>
      </fieldset>
      <SafetyNetField form={form} />
      <FormField
        id={`${idPrefix}-backupStorage`}
        label="Backup storage"
        error={errors.backupStorage?.message}
        hint="A storage holding backups on each container’s node (e.g. local). Used for “Backup first”, and where a container’s storage cannot snapshot."
      >
        <input id={`${idPrefix}-backupStorage`} className="input" autoComplete="off" placeholder="local" {...form.register(field('backupStorage'))} />
      </FormField>
      <FormField id={`${idPrefix}-perNode`} label="At once per node" error={errors.perNode?.message} hint="1 updates one container after the other on each node.">
        <select id={`${idPrefix}-perNode`} className="input w-24" {...form.register(field('perNode'))}>
          {Array.from({ length: BULK_UPDATE_MAX_PER_NODE }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </FormField>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" {...form.register(field('stopAtFirstRollback'))} /> Stop the batch at the first rollback (the containers not started yet are left alone)
      </label>
    </>
  );
}
