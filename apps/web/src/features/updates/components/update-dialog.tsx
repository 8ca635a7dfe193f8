'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { useForm } from 'react-hook-form';
import type { TemplateVersionInfo } from '@kiln/services';
import { OPERATIONS } from '@kiln/services/operations-table';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { updateContainerAction } from '../actions/update-container';
import { toRequest, updateFormSchema, type UpdateForm } from '../schemas';
import { SafetyNetField } from './bulk-options-fields';

/**
 * Update a container: what (the newer template version, all OS packages or security fixes), the
 * safety net (explicitly "none" to skip it), force past a failing healthcheck, an extra check.
 */
export function UpdateDialog({
  nodeId,
  vmid,
  newer,
  backupStorages,
  onQueued,
}: {
  nodeId: string;
  vmid: number;
  newer: TemplateVersionInfo[];
  backupStorages: string[];
  onQueued: (operationId: string) => void;
}) {
  const latest = newer.at(-1);
  const form = useForm<UpdateForm>({
    resolver: zodResolver(updateFormSchema),
    defaultValues: {
      what: latest ? 'template' : 'os',
      toTemplateId: latest?.id ?? '',
      safety: 'snapshot',
      backupStorage: backupStorages[0] ?? '',
      force: false,
      keepDays: 7,
      checkKind: 'none',
      checkPort: '',
      checkPath: '/',
    },
  });
  const { executeAsync, isPending } = useAction(updateContainerAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (values) => {
    const r = await executeAsync({ nodeId, vmid, update: toRequest(updateFormSchema.parse(values)) });
    if (r?.data?.operationId) onQueued(r.data.operationId);
    return r;
  });
  const { errors } = form.formState;
  const what = form.watch('what');
  const checkKind = form.watch('checkKind');
  const chosen = newer.find((v) => v.id === form.watch('toTemplateId'));
  const between = chosen ? newer.slice(0, newer.indexOf(chosen) + 1) : [];
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={latest ? `Update to ${latest.version}` : 'Update'}
      title="Update this container"
      description={OPERATIONS['container.update'].confirm.description}
    >
      <form onSubmit={onSubmit} noValidate className="max-h-[70vh] space-y-4 overflow-y-auto pr-1" data-testid="update-form">
        <FormAlert message={formError} />
        <fieldset>
          <legend className="label">What</legend>
          {latest ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" value="template" {...form.register('what')} /> The template’s update steps
            </label>
          ) : null}
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" value="os" {...form.register('what')} /> All OS packages (apt, apk or dnf)
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" value="os-security" {...form.register('what')} /> Security updates only
          </label>
        </fieldset>
        {what === 'template' ? (
          <FormField id="toTemplateId" label="Version" error={errors.toTemplateId?.message}>
            <select id="toTemplateId" className="input" {...form.register('toTemplateId')}>
              {[...newer].reverse().map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </select>
          </FormField>
        ) : null}
        {what === 'template' && between.length ? (
          <div className="text-sm" data-testid="update-changelog">
            <p className="label">What changes</p>
            <ul className="space-y-1">
              {between.map((v) => (
                <li key={v.id}>
                  <span className="font-mono text-xs">{v.version}</span> <span className="whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">{v.changelog ?? 'No changelog.'}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <SafetyNetField form={form} />
        <FormField id="backupStorage" label="Backup storage" error={errors.backupStorage?.message} hint="Used for “Backup first”, and for a snapshot where the container’s storage cannot snapshot.">
          <select id="backupStorage" className="input" {...form.register('backupStorage')}>
            <option value="">None</option>
            {backupStorages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="keepDays" label="Keep the snapshot (days)" error={errors.keepDays?.message}>
          <input id="keepDays" type="number" min={1} max={365} className="input w-28" {...form.register('keepDays')} />
        </FormField>
        <FormField id="checkKind" label="Extra check afterwards (optional)" error={errors.checkPort?.message ?? errors.checkPath?.message}>
          <div className="flex flex-wrap gap-2">
            <select id="checkKind" className="input w-28" {...form.register('checkKind')}>
              <option value="none">None</option>
              <option value="http">HTTP</option>
              <option value="tcp">TCP</option>
            </select>
            {checkKind !== 'none' ? <input aria-label="Port" placeholder="port" inputMode="numeric" className="input w-24" {...form.register('checkPort')} /> : null}
            {checkKind === 'http' ? <input aria-label="Path" placeholder="/" className="input min-w-0 flex-1 font-mono" {...form.register('checkPath')} /> : null}
          </div>
        </FormField>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" {...form.register('force')} /> Update even if unhealthy (the healthcheck fails now)
        </label>
        <FormDialogButtons busy={isPending} label="Update" busyLabel="Queuing…" />
      </form>
    </FormDialog>
  );
}
