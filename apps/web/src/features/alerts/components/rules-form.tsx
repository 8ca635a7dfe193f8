'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { saveRuleAction } from '../actions/rule-actions';

export interface RuleRowValues {
  kind: 'container_stopped' | 'node_offline' | 'cpu' | 'memory' | 'disk' | 'operation_failed' | 'service_down';
  label: string;
  metric: boolean;
  enabled: boolean;
  trigger: number;
  clear: number;
  forSeconds: number;
  cooldownSeconds: number;
}

interface FormValues {
  enabled: boolean;
  trigger: string;
  clear: string;
  forMinutes: string;
  cooldownMinutes: string;
}

/** One rule (for all your nodes and containers): on/off, thresholds with hysteresis, duration and cooldown. */
export function RuleForm({ rule }: { rule: RuleRowValues }) {
  const form = useForm<FormValues>({
    defaultValues: { enabled: rule.enabled, trigger: String(rule.trigger), clear: String(rule.clear), forMinutes: String(rule.forSeconds / 60), cooldownMinutes: String(rule.cooldownSeconds / 60) },
  });
  const { executeAsync, isPending } = useAction(saveRuleAction);
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const { errors } = form.formState;
  const id = `rule-${rule.kind}`;
  const onSubmit = form.handleSubmit(async (v) => {
    setFormError(undefined);
    setSaved(false);
    const num = (x: string) => (x.trim() === '' ? NaN : Number(x));
    const res = await executeAsync({
      kind: rule.kind,
      enabled: v.enabled,
      ...(rule.metric ? { trigger: num(v.trigger), clear: num(v.clear) } : {}),
      forSeconds: Math.round(num(v.forMinutes) * 60),
      cooldownSeconds: Math.round(num(v.cooldownMinutes) * 60),
    });
    if (res?.data) return setSaved(true);
    const mapped = applyActionErrors(res, (field, e) => form.setError((field === 'forSeconds' ? 'forMinutes' : field === 'cooldownSeconds' ? 'cooldownMinutes' : field) as keyof FormValues, e));
    setFormError(mapped ?? (Object.keys(form.formState.errors).length ? undefined : 'Check the values.'));
  });
  const field = (name: keyof FormValues, label: string, suffix: string) => (
    <label className="flex flex-col gap-1 text-xs" htmlFor={`${id}-${name}`}>
      {label}
      <span className="flex items-center gap-1">
        <input id={`${id}-${name}`} className="input w-20 py-1" inputMode="decimal" aria-invalid={!!errors[name]} {...form.register(name)} />
        <span className="text-zinc-500">{suffix}</span>
      </span>
      {errors[name] ? (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {errors[name]?.message}
        </span>
      ) : null}
    </label>
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3 border-b border-zinc-200 px-4 py-3 last:border-b-0 dark:border-zinc-800" data-rule={rule.kind}>
      <label className="flex w-44 items-center gap-2 text-sm font-medium">
        <input type="checkbox" {...form.register('enabled')} /> {rule.label}
      </label>
      {rule.metric ? (
        <>
          {field('trigger', 'Fire at', '%')}
          {field('clear', 'Clear below', '%')}
        </>
      ) : null}
      {rule.kind !== 'operation_failed' ? field('forMinutes', 'For at least', 'min') : null}
      {rule.kind !== 'operation_failed' ? field('cooldownMinutes', 'Cooldown', 'min') : null}
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
