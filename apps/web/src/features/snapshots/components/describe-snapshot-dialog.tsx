'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { useForm } from 'react-hook-form';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { describeSnapshotAction } from '../actions/describe-snapshot';
import { describeSnapshotFormSchema, type DescribeSnapshotForm } from '../schemas';

/** Edit the description of a snapshot already taken (a container's or a VM's); empty removes it. */
export function DescribeSnapshotDialog({
  nodeId,
  vmid,
  guest = 'lxc',
  snapname,
  description,
  disabled,
  onQueued,
}: {
  nodeId: string;
  vmid: number;
  guest?: 'lxc' | 'qemu';
  snapname: string;
  description: string;
  disabled: boolean;
  onQueued: (operationId: string) => void;
}) {
  const form = useForm<DescribeSnapshotForm>({ resolver: zodResolver(describeSnapshotFormSchema), defaultValues: { description } });
  const { executeAsync, isPending } = useAction(describeSnapshotAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (values) => {
    const r = await executeAsync({ nodeId, vmid, guest, snapname, ...values });
    if (r?.data?.operationId) onQueued(r.data.operationId);
    return r;
  });
  const { errors } = form.formState;
  const id = `snapdesc-${snapname}`;
  const trigger = <span aria-label={`Edit the description of ${snapname}`}>Edit description</span>;
  if (disabled)
    return (
      <button type="button" className="btn-ghost px-2 py-1 text-xs" disabled>
        {trigger}
      </button>
    );
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => {
        if (o) form.reset({ description });
        setOpen(o);
      }}
      trigger={trigger}
      triggerClassName="btn-ghost px-2 py-1 text-xs"
      title={`Description of “${snapname}”`}
      description="Proxmox VE keeps it with the snapshot. Leave it empty to remove it."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id={id} label="Description" error={errors.description?.message}>
          <textarea id={id} className="input min-h-20" aria-invalid={!!errors.description} {...form.register('description')} />
        </FormField>
        <FormDialogButtons busy={isPending} label="Save description" busyLabel="Queuing…" />
      </form>
    </FormDialog>
  );
}
