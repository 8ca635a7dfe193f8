'use client';

import { useForm } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { DeleteButton } from '@/components/ui/delete-button';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { firstActionError } from '@/lib/action-errors';
import { useDialogForm } from '@/lib/use-dialog-form';
import { addMaintenanceAction, deleteMaintenanceAction } from '../actions/rule-actions';

interface Values {
  target: string;
  tag: string;
  hours: string;
  note: string;
}

/** A window from now for some hours, on a node or on containers with a tag: alerts still show, nobody is notified. */
export function MaintenanceDialog({ nodes }: { nodes: { id: string; name: string }[] }) {
  const form = useForm<Values>({ defaultValues: { target: nodes[0]?.id ?? 'tag', tag: '', hours: '2', note: '' } });
  const { executeAsync, isPending } = useAction(addMaintenanceAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, (v) => {
    const start = Date.now();
    return executeAsync({
      ...(v.target === 'tag' ? { tag: v.tag } : { nodeId: v.target }),
      startsAt: new Date(start),
      endsAt: new Date(start + Number(v.hours) * 3_600_000),
      note: v.note,
    });
  });
  const { errors } = form.formState;
  const target = form.watch('target');
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger="Add window"
      triggerClassName="btn-secondary"
      title="Maintenance window"
      description="Alerts keep showing in Kiln; no notification goes out for them until the window ends."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id="mw-target" label="Applies to" error={errors.target?.message}>
          <select id="mw-target" className="input" {...form.register('target')}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                Node {n.name}
              </option>
            ))}
            <option value="tag">Containers with a tag</option>
          </select>
        </FormField>
        {target === 'tag' ? (
          <FormField id="mw-tag" label="Tag" error={errors.tag?.message}>
            <input id="mw-tag" className="input" autoComplete="off" {...form.register('tag')} />
          </FormField>
        ) : null}
        <FormField id="mw-hours" label="From now, for" error={errors.hours?.message}>
          <select id="mw-hours" className="input" {...form.register('hours')}>
            {[1, 2, 4, 8, 24, 72].map((h) => (
              <option key={h} value={h}>
                {h} hour{h === 1 ? '' : 's'}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="mw-note" label="Note (optional)" error={errors.note?.message}>
          <input id="mw-note" className="input" maxLength={200} {...form.register('note')} />
        </FormField>
        <FormDialogButtons busy={isPending} label="Add window" busyLabel="Adding…" />
      </form>
    </FormDialog>
  );
}

export function DeleteMaintenanceButton({ id }: { id: string }) {
  const { executeAsync } = useAction(deleteMaintenanceAction);
  return (
    <DeleteButton
      label="End"
      title="End this maintenance window?"
      description="Notifications go out again at once."
      confirmLabel="End window"
      onConfirm={async () => firstActionError(await executeAsync({ id }))}
    />
  );
}
