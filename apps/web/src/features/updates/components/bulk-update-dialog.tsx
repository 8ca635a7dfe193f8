'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { useForm } from 'react-hook-form';
import { BULK_OPERATIONS } from '@kiln/services/operations-table';
import { FormAlert } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { bulkUpdateAction } from '../actions/bulk-update';
import { BULK_OPTIONS_DEFAULTS, bulkOptionsFormSchema, toBulkOptions, type BulkOptionsForm } from '../schemas';
import { BulkOptionsFields } from './bulk-options-fields';

/** "Update…" for the table's selection: one bulk update, followed by the bar like the power actions. */
export function BulkUpdateDialog({ targets, disabled, onQueued }: { targets: () => { nodeId: string; vmid: number }[]; disabled: boolean; onQueued: (operationId: string) => void }) {
  const form = useForm<BulkOptionsForm>({ resolver: zodResolver(bulkOptionsFormSchema), defaultValues: BULK_OPTIONS_DEFAULTS });
  const { executeAsync, isPending } = useAction(bulkUpdateAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (values) => {
    const r = await executeAsync({ targets: targets(), options: toBulkOptions(bulkOptionsFormSchema.parse(values)) });
    if (r?.data?.operationId) onQueued(r.data.operationId);
    return r;
  });
  const def = BULK_OPERATIONS['bulk.update'];
  return (
    <FormDialog open={open && !disabled} onOpenChange={setOpen} trigger="Update…" triggerClassName="btn-secondary px-3 py-1.5" title={def.confirm.title()} description={def.confirm.description}>
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="bulk-update-form">
        <FormAlert message={formError} />
        <BulkOptionsFields form={form} idPrefix="bulk" />
        <FormDialogButtons busy={isPending} label={`Update ${targets().length}`} busyLabel="Queuing…" />
      </form>
    </FormDialog>
  );
}
