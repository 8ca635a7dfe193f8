'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { SNAPSHOT_COSTS, VM_SNAPSHOT_COSTS } from '@kiln/services/operations-table';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { createSnapshotAction } from '../actions/create-snapshot';
import { createSnapshotFormSchema, type CreateSnapshotForm } from '../schemas';

/**
 * Take a snapshot: a name checked like Proxmox VE checks it (the error under the field, before
 * anything is sent) and a description; for a running VM, whether its RAM goes in too (`vmstate`).
 */
export function CreateSnapshotDialog({
  nodeId,
  vmid,
  guest = 'lxc',
  running = false,
  disabled,
  onQueued,
}: {
  nodeId: string;
  vmid: number;
  guest?: 'lxc' | 'qemu';
  running?: boolean;
  disabled: boolean;
  onQueued: (operationId: string) => void;
}) {
  const [vmstate, setVmstate] = useState(false);
  const form = useForm<CreateSnapshotForm>({ resolver: zodResolver(createSnapshotFormSchema), defaultValues: { snapname: '', description: '' } });
  const { executeAsync, isPending } = useAction(createSnapshotAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (values) => {
    const r = await executeAsync({ nodeId, vmid, guest, ...values, vmstate: guest === 'qemu' && running && vmstate });
    if (r?.data?.operationId) onQueued(r.data.operationId);
    return r;
  });
  const { errors } = form.formState;
  if (disabled)
    return (
      <button type="button" className="btn-primary" disabled>
        Take snapshot
      </button>
    );
  return (
    <FormDialog open={open} onOpenChange={setOpen} trigger="Take snapshot" title="Take a snapshot" description={guest === 'qemu' ? VM_SNAPSHOT_COSTS.create : SNAPSHOT_COSTS.create}>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id="snapname" label="Name" error={errors.snapname?.message} hint="Letters, digits, - and _, starting with a letter (e.g. before-upgrade).">
          <input id="snapname" className="input font-mono" autoComplete="off" maxLength={40} aria-invalid={!!errors.snapname} {...form.register('snapname')} />
        </FormField>
        <FormField id="snapdesc" label="Description (optional)" error={errors.description?.message}>
          <textarea id="snapdesc" className="input min-h-20" aria-invalid={!!errors.description} {...form.register('description')} />
        </FormField>
        {guest === 'qemu' && running ? (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" checked={vmstate} onChange={(e) => setVmstate(e.target.checked)} />
            <span>Include the RAM (a rollback resumes the VM where it was)</span>
          </label>
        ) : null}
        <FormDialogButtons busy={isPending} label="Take snapshot" busyLabel="Queuing…" />
      </form>
    </FormDialog>
  );
}
