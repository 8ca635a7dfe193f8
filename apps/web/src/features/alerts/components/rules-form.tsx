'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { z } from 'zod';
import { KIND_FIELDS, SEVERITIES } from '@kiln/services/alerts-channels';
import { FormAlert } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { saveRuleAction } from '../actions/rule-actions';

type Kind = keyof typeof KIND_FIELDS;
type Severity = (typeof SEVERITIES)[number];

export interface RuleRowValues {
  kind: Kind;
  label: string;
  enabled: boolean;
  trigger: number;
  clear: number;
  forSeconds: number;
  cooldownSeconds: number;
  days: number;
  severity: Severity;
  channelIds: string[];
}

const number = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'Enter a number.')
    .refine((s) => Number(s) >= min && Number(s) <= max, `${what} from ${min} to ${max}.`);

/** The form's own shape (text inputs); the server checks the same limits again with the rule schema. */
const ruleFormSchema = z
  .object({
    enabled: z.boolean(),
    trigger: number(1, 100, 'A percentage'),
    clear: number(0, 100, 'A percentage'),
    forMinutes: number(0, 7 * 24 * 60, 'Minutes'),
    cooldownMinutes: number(0, 7 * 24 * 60, 'Minutes'),
    days: number(0.1, 365, 'Days'),
    severity: z.enum(SEVERITIES),
    // react-hook-form gives a lone checkbox's value (or false), several checkboxes an array.
    channelIds: z.union([z.array(z.string()), z.string(), z.boolean()]),
  })
  .refine((v) => Number(v.clear) <= Number(v.trigger), { message: 'The clear threshold must not be above the trigger.', path: ['clear'] });
type FormValues = z.infer<typeof ruleFormSchema>;

const FIELD_OF: Record<string, keyof FormValues> = { forSeconds: 'forMinutes', cooldownSeconds: 'cooldownMinutes' };

/** One rule (for all your nodes and containers): on/off, thresholds with hysteresis, duration, cooldown, severity and channels. */
export function RuleForm({ rule, channels, scope }: { rule: RuleRowValues; channels: { id: string; name: string }[]; scope?: { scope: 'node' | 'tag' | 'container'; scopeRef: string } }) {
  const fields = KIND_FIELDS[rule.kind];
  const form = useForm<FormValues>({
    resolver: zodResolver(ruleFormSchema),
    defaultValues: {
      enabled: rule.enabled,
      trigger: String(rule.trigger || 90),
      clear: String(rule.clear || 80),
      forMinutes: String(rule.forSeconds / 60),
      cooldownMinutes: String(rule.cooldownSeconds / 60),
      days: String(rule.days || 7),
      severity: rule.severity,
      channelIds: rule.channelIds,
    },
  });
  const { executeAsync, isPending } = useAction(saveRuleAction);
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const { errors } = form.formState;
  const id = scope ? `rule-${rule.kind}-${scope.scope}-${scope.scopeRef.replace(/[^\w-]/g, '-')}` : `rule-${rule.kind}`;
  // Conditions that hold from the moment they are known: no "for at least" duration.
  const timed = !['operation_failed', 'backup_age', 'backup_failed', 'updates_pending'].includes(rule.kind);
  const onSubmit = form.handleSubmit(async (v) => {
    setFormError(undefined);
    setSaved(false);
    const res = await executeAsync({
      kind: rule.kind,
      ...(scope ?? {}),
      enabled: v.enabled,
      ...(fields.percent ? { trigger: Number(v.trigger), clear: Number(v.clear) } : {}),
      ...(fields.days !== 'none' ? { days: Number(v.days) } : {}),
      forSeconds: timed ? Math.round(Number(v.forMinutes) * 60) : 0,
      cooldownSeconds: Math.round(Number(v.cooldownMinutes) * 60),
      severity: v.severity,
      channelIds: Array.isArray(v.channelIds) ? v.channelIds : typeof v.channelIds === 'string' ? [v.channelIds] : [],
    });
    if (res?.data) return setSaved(true);
    const mapped = applyActionErrors(res, (field, e) => form.setError((FIELD_OF[field] ?? field) as keyof FormValues, e));
    setFormError(mapped ?? (Object.keys(form.formState.errors).length ? undefined : 'Check the values.'));
  });
  const error = (name: keyof FormValues) =>
    errors[name] ? (
      <span role="alert" className="text-red-700 dark:text-red-400">
        {errors[name]?.message}
      </span>
    ) : null;
  const field = (name: 'trigger' | 'clear' | 'forMinutes' | 'cooldownMinutes' | 'days', label: string, suffix: string) => (
    <label className="flex flex-col gap-1 text-xs" htmlFor={`${id}-${name}`}>
      {label}
      <span className="flex items-center gap-1">
        <input id={`${id}-${name}`} className="input w-20 py-1" inputMode="decimal" aria-invalid={!!errors[name]} {...form.register(name)} />
        <span className="text-zinc-500">{suffix}</span>
      </span>
      {error(name)}
    </label>
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3 border-b border-zinc-200 px-4 py-3 last:border-b-0 dark:border-zinc-800" data-rule={rule.kind}>
      <label className="flex w-44 items-center gap-2 text-sm font-medium">
        <input type="checkbox" {...form.register('enabled')} /> {rule.label}
      </label>
      {fields.percent ? (
        <>
          {field('trigger', 'Fire at', '%')}
          {field('clear', 'Clear below', '%')}
        </>
      ) : null}
      {fields.days === 'days-to-full' ? field('days', 'Or full within', 'days') : null}
      {fields.days === 'age' ? field('days', rule.kind === 'backup_age' ? 'No backup for' : 'Pending for', 'days') : null}
      {timed ? field('forMinutes', rule.kind === 'not_running' ? 'Not running for' : 'For at least', 'min') : null}
      {rule.kind !== 'operation_failed' ? field('cooldownMinutes', 'Cooldown', 'min') : null}
      <label className="flex flex-col gap-1 text-xs" htmlFor={`${id}-severity`}>
        Severity
        <select id={`${id}-severity`} className="input py-1" {...form.register('severity')}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {error('severity')}
      </label>
      {channels.length ? (
        <fieldset className="flex flex-col gap-1 text-xs">
          <legend className="mb-1">Send to (none ticked: all channels)</legend>
          <span className="flex flex-wrap gap-2">
            {channels.map((c) => (
              <label key={c.id} className="flex items-center gap-1">
                <input type="checkbox" value={c.id} {...form.register('channelIds')} /> {c.name}
              </label>
            ))}
          </span>
          {error('channelIds')}
        </fieldset>
      ) : null}
      <button type="submit" className="btn-secondary" disabled={isPending}>
        {isPending ? 'Saving…' : 'Save'}
      </button>
      {saved ? (
        <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
          Saved
        </span>
      ) : null}
      <div className="w-full">
        <FormAlert message={formError} />
      </div>
    </form>
  );
}
