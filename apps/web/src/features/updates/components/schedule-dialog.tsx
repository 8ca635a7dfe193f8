'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { useForm } from 'react-hook-form';
import { WEEKDAYS } from '@kiln/services/update-windows';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { saveScheduleAction } from '../actions/schedules';
import { BULK_OPTIONS_DEFAULTS, scheduleFormSchema, toScheduleInput, type ScheduleForm } from '../schemas';
import { BulkOptionsFields } from './bulk-options-fields';

/** The browser's own zone, the natural default for "Sunday 03:00". */
const browserZone = () => (typeof Intl !== 'undefined' ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC');

/** A new schedule, or the edit of one (`id` + `values`). */
export function ScheduleDialog({ nodes, id, values }: { nodes: { id: string; name: string }[]; id?: string; values?: ScheduleForm }) {
  const form = useForm<ScheduleForm>({
    resolver: zodResolver(scheduleFormSchema),
    defaultValues: values ?? {
      name: 'Weekly security updates',
      scope: nodes.length ? 'node' : 'tag',
      nodeId: nodes[0]?.id ?? '',
      tag: '',
      days: ['0'],
      time: '03:00',
      timeZone: browserZone(),
      enabled: true,
      ...BULK_OPTIONS_DEFAULTS,
    },
  });
  const { executeAsync, isPending } = useAction(saveScheduleAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, (v) => executeAsync({ ...(id ? { id } : {}), schedule: toScheduleInput(scheduleFormSchema.parse(v)) }));
  const { errors } = form.formState;
  const scope = form.watch('scope');
  const p = id ? `sched-${id.slice(0, 8)}` : 'sched-new';
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={id ? 'Edit' : 'Add schedule'}
      triggerClassName={id ? 'btn-ghost' : 'btn-secondary'}
      title={id ? 'Edit update schedule' : 'New update schedule'}
      description="In its window, Kiln updates the running containers in scope that have pending updates (by the last daily check), with the safety net and rollback of a single update."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="schedule-form">
        <FormAlert message={formError} />
        <FormField id={`${p}-name`} label="Name" error={errors.name?.message}>
          <input id={`${p}-name`} className="input" maxLength={80} {...form.register('name')} />
        </FormField>
        <FormField id={`${p}-scope`} label="Containers" error={errors.nodeId?.message ?? errors.tag?.message}>
          <div className="flex flex-wrap gap-2">
            <select id={`${p}-scope`} className="input w-auto" {...form.register('scope')}>
              {nodes.length ? <option value="node">On node</option> : null}
              <option value="tag">With tag</option>
            </select>
            {scope === 'node' ? (
              <select aria-label="Node" className="input min-w-0 flex-1" {...form.register('nodeId')}>
                {nodes.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.name}
                  </option>
                ))}
              </select>
            ) : (
              <input aria-label="Tag" className="input min-w-0 flex-1" placeholder="e.g. auto-update" autoComplete="off" {...form.register('tag')} />
            )}
          </div>
        </FormField>
        <fieldset>
          <legend className="label">Days</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {WEEKDAYS.map((d, i) => (
              <label key={d} className="flex items-center gap-1 text-sm">
                <input type="checkbox" value={String(i)} {...form.register('days')} /> {d.slice(0, 3)}
              </label>
            ))}
          </div>
          {errors.days?.message ? (
            <p role="alert" className="field-error">
              {errors.days.message}
            </p>
          ) : null}
        </fieldset>
        <div className="flex flex-wrap gap-3">
          <FormField id={`${p}-time`} label="At" error={errors.time?.message}>
            <input id={`${p}-time`} type="time" className="input w-32" {...form.register('time')} />
          </FormField>
          <FormField id={`${p}-tz`} label="Time zone" error={errors.timeZone?.message}>
            <input id={`${p}-tz`} className="input w-56" autoComplete="off" {...form.register('timeZone')} />
          </FormField>
        </div>
        <BulkOptionsFields form={form} idPrefix={p} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...form.register('enabled')} /> Enabled
        </label>
        <FormDialogButtons busy={isPending} label={id ? 'Save' : 'Add schedule'} busyLabel="Saving…" />
      </form>
    </FormDialog>
  );
}
