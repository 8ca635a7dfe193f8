'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { useForm } from 'react-hook-form';
import { FormAlert } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { bulkAdoptAction } from '../actions/bulk-adopt';
import { adoptFormSchema, toTemplateId, type AdoptForm } from '../schemas';
import { TemplatePicker } from './template-picker';

/**
 * "Adopt…" for the table's selection: one bulk adoption (the same template version, or none, for
 * all), followed by the bar like the power actions. Containers Kiln already manages, VMs and
 * templates in the selection end refused, each with its reason.
 */
export function BulkAdoptDialog({ targets, disabled, onQueued }: { targets: () => { nodeId: string; vmid: number }[]; disabled: boolean; onQueued: (operationId: string) => void }) {
  const form = useForm<AdoptForm>({ resolver: zodResolver(adoptFormSchema), defaultValues: { family: '', templateId: '' } });
  const { executeAsync, isPending } = useAction(bulkAdoptAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (values) => {
    const r = await executeAsync({ targets: targets(), templateId: toTemplateId(values) });
    if (r?.data?.operationId) onQueued(r.data.operationId);
    return r;
  });
  const n = targets().length;
  return (
    <FormDialog
      open={open && !disabled}
      onOpenChange={setOpen}
      trigger="Adopt…"
      triggerClassName="btn-secondary px-3 py-1.5"
      title={`Adopt ${n} container${n === 1 ? '' : 's'}?`}
      description="Kiln records each container’s configuration and tags it kiln and kiln-<id>, linked to the template version you choose (or none). Containers Kiln already manages are left as they are."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="bulk-adopt-form">
        <FormAlert message={formError} />
        <TemplatePicker form={form} idPrefix="bulk-adopt" />
        <FormDialogButtons busy={isPending} label={`Adopt ${n}`} busyLabel="Queuing…" />
      </form>
    </FormDialog>
  );
}
