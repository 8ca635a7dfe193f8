'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { useFormContext, type FieldPath } from 'react-hook-form';
import { cn } from '@/lib/cn';
import type { TemplateForm } from './form-model';

export type Name = FieldPath<TemplateForm>;

/** The issues to show per field (`steps[2].run: required`), already filtered to what the user touched. */
export const IssuesContext = createContext<(name: string) => string[]>(() => []);

export const idOf = (name: string) => `tf-${name.replace(/\./g, '-')}`;

export function useIssues(name: string): string[] {
  return useContext(IssuesContext)(name);
}

export function FieldIssues({ name }: { name: string }) {
  const issues = useIssues(name);
  if (!issues.length) return null;
  return (
    <div id={`${idOf(name)}-error`}>
      {issues.map((m) => (
        <p key={m} role="alert" className="field-error font-mono text-xs" data-issue-for={name}>
          {m}
        </p>
      ))}
    </div>
  );
}

/** A label, its control, and the template issues of that field right under it. */
export function Field({ name, label, hint, className, children }: { name: string; label: string; hint?: ReactNode; className?: string; children: ReactNode }) {
  const issues = useIssues(name);
  return (
    <div className={cn('min-w-0', className)}>
      <label htmlFor={idOf(name)} className="label">
        {label}
      </label>
      {children}
      <FieldIssues name={name} />
      {!issues.length && hint ? <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
    </div>
  );
}

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, 'name'> & { name: Name };

export function TextInput({ name, className, ...rest }: InputProps) {
  const { register } = useFormContext<TemplateForm>();
  const issues = useIssues(name);
  return (
    <input
      id={idOf(name)}
      className={cn('input', className)}
      autoComplete="off"
      aria-invalid={issues.length > 0}
      aria-describedby={issues.length ? `${idOf(name)}-error` : undefined}
      {...rest}
      {...register(name)}
    />
  );
}

type AreaProps = Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'> & { name: Name; mono?: boolean };

export function TextArea({ name, className, mono, ...rest }: AreaProps) {
  const { register } = useFormContext<TemplateForm>();
  const issues = useIssues(name);
  return (
    <textarea
      id={idOf(name)}
      className={cn('input', mono && 'font-mono text-xs leading-5', className)}
      spellCheck={!mono}
      aria-invalid={issues.length > 0}
      aria-describedby={issues.length ? `${idOf(name)}-error` : undefined}
      {...rest}
      {...register(name)}
    />
  );
}

export function Select({
  name,
  options,
  className,
  onChange,
}: {
  name: Name;
  options: readonly (string | { value: string; label: string })[];
  className?: string;
  onChange?: (value: string) => void;
}) {
  const { register } = useFormContext<TemplateForm>();
  const issues = useIssues(name);
  return (
    <select
      id={idOf(name)}
      className={cn('input', className)}
      aria-invalid={issues.length > 0}
      {...register(name, { onChange: onChange ? (e: React.ChangeEvent<HTMLSelectElement>) => onChange(e.target.value) : undefined })}
    >
      {options.map((o) => {
        const { value, label } = typeof o === 'string' ? { value: o, label: o } : o;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}

export function Checkbox({ name, label, hint }: { name: Name; label: ReactNode; hint?: ReactNode }) {
  const { register } = useFormContext<TemplateForm>();
  return (
    <div>
      <label className="flex items-start gap-2 text-sm">
        <input id={idOf(name)} type="checkbox" className="mt-0.5" {...register(name)} />
        <span>
          {label}
          {hint ? <span className="block text-xs text-zinc-500">{hint}</span> : null}
        </span>
      </label>
      <FieldIssues name={name} />
    </div>
  );
}

export function Group({ id, title, children, description, actions }: { id: string; title: string; children: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="card space-y-4 p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={id} className="text-base font-semibold">
            {title}
          </h2>
          {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}
