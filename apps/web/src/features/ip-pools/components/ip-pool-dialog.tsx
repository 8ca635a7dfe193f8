'use client';

import { useForm } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import type { IpPoolFormValues } from '@kiln/services/schemas';
import { FormAlert, FormField } from '@/components/form-field';
import { DeleteButton } from '@/components/ui/delete-button';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { firstActionError } from '@/lib/action-errors';
import { useDialogForm } from '@/lib/use-dialog-form';
import { deleteIpPoolAction } from '../actions/delete-ip-pool';
import { saveIpPoolAction } from '../actions/save-ip-pool';

type Values = Required<Omit<IpPoolFormValues, 'id'>>;

const EMPTY: Values = { name: '', bridge: 'vmbr0', vlan: '', cidr: '', rangeStart: '', rangeEnd: '', reserved: '', gateway: '', dns: '' };

/** Add (no id) or edit a pool; the server's errors land next to their fields. */
export function IpPoolDialog({ id, values }: { id?: string; values?: Values }) {
  const form = useForm<Values>({ defaultValues: values ?? EMPTY });
  const { executeAsync, isPending } = useAction(saveIpPoolAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, (v) => executeAsync({ ...v, ...(id ? { id } : {}) }));
  const { errors } = form.formState;
  const field = (name: keyof Values, label: string, hint?: string, placeholder?: string) => (
    <FormField id={`pool-${name}`} label={label} error={errors[name]?.message} hint={hint}>
      <input id={`pool-${name}`} className="input" autoComplete="off" placeholder={placeholder} aria-invalid={!!errors[name]} {...form.register(name)} />
    </FormField>
  );
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={id ? 'Edit' : 'Add pool'}
      triggerClassName={id ? 'btn-ghost' : 'btn-secondary'}
      title={id ? 'Edit IP pool' : 'New IP pool'}
      description="The wizard can give a new container the next free address of a pool on its bridge. Addresses any guest already uses are skipped."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        {field('name', 'Name', undefined, 'lab')}
        <div className="grid grid-cols-2 gap-3">
          {field('bridge', 'Bridge', undefined, 'vmbr0')}
          {field('vlan', 'VLAN tag (optional)', undefined, '20')}
        </div>
        {field('cidr', 'Subnet', 'The prefix goes into the container’s address.', '10.10.0.0/24')}
        <div className="grid grid-cols-2 gap-3">
          {field('rangeStart', 'Range start (optional)', 'Empty: the whole subnet.', '10.10.0.100')}
          {field('rangeEnd', 'Range end (optional)', undefined, '10.10.0.199')}
        </div>
        {field('reserved', 'Reserved (optional)', 'Addresses or ranges never handed out, like 10.10.0.5 10.10.0.10-10.10.0.20.')}
        <div className="grid grid-cols-2 gap-3">
          {field('gateway', 'Gateway (optional)', undefined, '10.10.0.1')}
          {field('dns', 'DNS servers (optional)', 'Used when the wizard leaves DNS empty.', '10.10.0.1')}
        </div>
        <FormDialogButtons busy={isPending} label={id ? 'Save pool' : 'Add pool'} busyLabel="Saving…" />
      </form>
    </FormDialog>
  );
}

export function DeleteIpPoolButton({ id, name }: { id: string; name: string }) {
  const { executeAsync } = useAction(deleteIpPoolAction);
  return (
    <DeleteButton
      title={`Delete the pool “${name}”?`}
      description="Containers keep their addresses; the wizard no longer offers the pool."
      confirmLabel="Delete pool"
      onConfirm={async () => firstActionError(await executeAsync({ id }))}
    />
  );
}
