'use client';

import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { PARAM_TYPES, SECRET_CHARSETS } from '@kiln/core/templates';
import { Checkbox, Field, FieldIssues, Group, Select, TextArea, TextInput } from './fields';
import { emptyParam, type TemplateForm } from './form-model';
import { ItemControls } from './item-controls';

function ParamFields({ i }: { i: number }) {
  const { control } = useFormContext<TemplateForm>();
  const type = useWatch({ control, name: `params.${i}.type` });
  const p = `params.${i}` as const;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field name={`${p}.name`} label="Name" hint="Used as {{ params.name }}.">
          <TextInput name={`${p}.name`} className="font-mono" placeholder="site_title" />
        </Field>
        <Field name={`${p}.type`} label="Type">
          <Select name={`${p}.type`} options={PARAM_TYPES} />
        </Field>
        <Field name={`${p}.label`} label="Label" hint="The wizard's question.">
          <TextInput name={`${p}.label`} />
        </Field>
      </div>
      <Field name={`${p}.help`} label="Help text">
        <TextInput name={`${p}.help`} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-4">
        {type === 'secret' ? (
          <p className="text-sm text-violet-800 sm:col-span-2 dark:text-violet-300">No default: an empty secret is generated when the container is created and shown once.</p>
        ) : type === 'boolean' ? (
          <Field name={`${p}.default`} label="Default">
            <Select
              name={`${p}.default`}
              options={[
                { value: 'false', label: 'false' },
                { value: 'true', label: 'true' },
              ]}
            />
          </Field>
        ) : (
          <Field name={`${p}.default`} label="Default" hint="Blank: the user must answer.">
            <TextInput name={`${p}.default`} inputMode={type === 'number' || type === 'port' ? 'numeric' : undefined} />
          </Field>
        )}
        {type === 'string' || type === 'secret' || type === 'number' || type === 'port' ? (
          <>
            <Field name={`${p}.min`} label={type === 'string' || type === 'secret' ? 'Min length' : 'Min'}>
              <TextInput name={`${p}.min`} inputMode="numeric" />
            </Field>
            <Field name={`${p}.max`} label={type === 'string' || type === 'secret' ? 'Max length' : 'Max'}>
              <TextInput name={`${p}.max`} inputMode="numeric" />
            </Field>
          </>
        ) : null}
        {type === 'secret' ? (
          <>
            <Field name={`${p}.genLength`} label="Generated length">
              <TextInput name={`${p}.genLength`} inputMode="numeric" />
            </Field>
            <Field name={`${p}.genCharset`} label="Generated from">
              <Select name={`${p}.genCharset`} options={SECRET_CHARSETS} />
            </Field>
          </>
        ) : null}
      </div>
      {type === 'string' || type === 'secret' ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field name={`${p}.pattern`} label="Pattern" hint="A regular expression the whole value must match (RE2 syntax: no backreferences or lookaround).">
            <TextInput name={`${p}.pattern`} className="font-mono" />
          </Field>
          <Field name={`${p}.message`} label="Message when it does not match">
            <TextInput name={`${p}.message`} />
          </Field>
        </div>
      ) : null}
      {type === 'string' ? <Checkbox name={`${p}.optional`} label="May be left empty" /> : null}
      {type === 'number' ? <Checkbox name={`${p}.integer`} label="Whole numbers only" /> : null}
      {type === 'enum' ? (
        <Field name={`${p}.options`} label="Options" hint="One per line.">
          <TextArea name={`${p}.options`} rows={3} mono />
        </Field>
      ) : null}
    </div>
  );
}

/** The wizard's questions: add, remove, reorder. */
export function ParamsEditor() {
  const { control } = useFormContext<TemplateForm>();
  const { fields, append, remove, move } = useFieldArray({ control, name: 'params', keyName: '_key' });
  return (
    <Group
      id="tpl-params"
      title="Parameters"
      description="Typed questions the wizard asks. Use them in steps as {{ params.name }}; secrets only in a script's run or a file's content."
      actions={
        <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => append(emptyParam())}>
          Add parameter
        </button>
      }
    >
      <FieldIssues name="params" />
      {fields.length === 0 ? <p className="text-sm text-zinc-500">No parameters.</p> : null}
      <ol className="space-y-3">
        {fields.map((f, i) => (
          <li key={f._key} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-param-index={i}>
            <div className="mb-2 flex items-center justify-between gap-2">
              <span className="text-sm font-medium text-zinc-500">Parameter {i + 1}</span>
              <ItemControls label={`parameter ${i + 1}`} index={i} count={fields.length} onMove={move} onRemove={() => remove(i)} />
            </div>
            <ParamFields i={i} />
          </li>
        ))}
      </ol>
    </Group>
  );
}
