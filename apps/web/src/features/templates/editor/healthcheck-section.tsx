'use client';

import { useFormContext, useWatch } from 'react-hook-form';
import { Field, Group, Select, TextArea, TextInput } from './fields';
import type { TemplateForm } from './form-model';

export function HealthcheckSection() {
  const { control } = useFormContext<TemplateForm>();
  const kind = useWatch({ control, name: 'healthcheck.kind' });
  return (
    <Group id="tpl-health" title="Healthcheck and note" description="How Kiln knows the app is up, and what the user reads once it is.">
      <Field name="healthcheck.kind" label="Healthcheck" className="max-w-sm">
        <Select
          name="healthcheck.kind"
          options={[
            { value: 'none', label: 'None' },
            { value: 'command', label: 'Shell command' },
            { value: 'argv', label: 'Command (argv, no shell)' },
            { value: 'http', label: 'HTTP request' },
          ]}
        />
      </Field>
      {kind === 'command' ? (
        <Field name="healthcheck.command" label="Shell command" hint="Succeeds when it exits 0.">
          <TextArea name="healthcheck.command" rows={2} mono placeholder="systemctl is-active --quiet nginx" />
        </Field>
      ) : null}
      {kind === 'argv' ? (
        <Field name="healthcheck.argv" label="Command words" hint="One argument per line.">
          <TextArea name="healthcheck.argv" rows={4} mono placeholder={'systemctl\nis-active\n--quiet\nnginx'} />
        </Field>
      ) : null}
      {kind === 'http' ? (
        <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
          <Field name="healthcheck.port" label="Port" hint="A number or {{ params.port }}">
            <TextInput name="healthcheck.port" className="font-mono" />
          </Field>
          <Field name="healthcheck.path" label="Path">
            <TextInput name="healthcheck.path" className="font-mono" />
          </Field>
        </div>
      ) : null}
      {kind !== 'none' ? (
        <div className="grid grid-cols-3 gap-3 sm:max-w-lg">
          <Field name="healthcheck.interval" label="Every (s)">
            <TextInput name="healthcheck.interval" inputMode="numeric" />
          </Field>
          <Field name="healthcheck.retries" label="Retries">
            <TextInput name="healthcheck.retries" inputMode="numeric" />
          </Field>
          <Field name="healthcheck.timeout" label="Timeout (s)">
            <TextInput name="healthcheck.timeout" inputMode="numeric" />
          </Field>
        </div>
      ) : null}
      <Field name="postInstall" label="Post-install note" hint="Shown when the container is ready. {{ container.ip }} and params work; secrets do not.">
        <TextArea name="postInstall" rows={3} mono placeholder="Open http://{{ container.ip }}/" />
      </Field>
    </Group>
  );
}
