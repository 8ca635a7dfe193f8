'use client';

import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { CHECK_KINDS, CHECK_KIND_LABELS, type CheckKind } from '@kiln/services/service-checks-schema';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { createCheckAction } from '../actions/create-check';
import { updateCheckAction } from '../actions/update-check';
import type { CheckView } from '../queries';

/** The form keeps what the user typed (text); the server action parses it with the one check schema. */
interface FormValues {
  name: string;
  kind: CheckKind;
  host: string;
  port: string;
  path: string;
  expectStatus: string;
  keyword: string;
  tlsWarnDays: string;
  intervalSeconds: string;
  timeoutMs: string;
  failuresToAlert: string;
}

const text = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

function initial(check?: CheckView): FormValues {
  return {
    name: check?.name ?? '',
    kind: check?.kind ?? 'http',
    host: text(check?.host),
    port: text(check?.port ?? 80),
    path: check?.path ?? '/',
    expectStatus: text(check?.expectStatus),
    keyword: text(check?.keyword),
    tlsWarnDays: text(check?.tlsWarnDays ?? 14),
    intervalSeconds: text(check?.intervalSeconds ?? 60),
    timeoutMs: text(check?.timeoutMs ?? 5000),
    failuresToAlert: text(check?.failuresToAlert ?? 2),
  };
}

/** Add a check to a container, or edit one: what to probe, how often, and when it alerts. */
export function CheckFormDialog({ nodeId, vmid, check }: { nodeId: string; vmid: number; check?: CheckView }) {
  const router = useRouter();
  const form = useForm<FormValues>({ defaultValues: initial(check) });
  const create = useAction(createCheckAction);
  const update = useAction(updateCheckAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (v) => {
    const fields = {
      ...v,
      host: v.host || undefined,
      expectStatus: v.expectStatus || undefined,
      keyword: v.keyword || undefined,
      enabled: check?.enabled ?? true,
    };
    const r = check ? await update.executeAsync({ id: check.id, ...fields }) : await create.executeAsync({ nodeId, vmid, ...fields });
    if (r?.data) {
      router.refresh();
      if (!check) form.reset(initial());
    }
    return r;
  });
  const kind = form.watch('kind');
  const web = kind === 'http' || kind === 'https';
  const { errors } = form.formState;
  const idp = check ? `check-${check.id}` : 'check-new';
  const input = (name: keyof FormValues, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input id={`${idp}-${name}`} className="input" autoComplete="off" aria-invalid={!!errors[name]} {...props} {...form.register(name)} />
  );
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={check ? 'Edit' : 'Add check'}
      triggerClassName={check ? 'btn-secondary px-2 py-1 text-xs' : 'btn-primary'}
      title={check ? `Edit “${check.name}”` : 'Add a service check'}
      description="Kiln’s worker probes the container from outside, on the container’s address (or the host you set)."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-3">
        <FormAlert message={formError} />
        <FormField id={`${idp}-name`} label="Name" error={errors.name?.message}>
          {input('name', { maxLength: 80 })}
        </FormField>
        <div className="grid grid-cols-2 gap-3">
          <FormField
            id={`${idp}-kind`}
            label="Kind"
            error={errors.kind?.message}
            hint={kind === 'ping' ? 'A TCP connect to the port: any answer, even a refusal, means the host is up (no ICMP from the worker).' : undefined}
          >
            <select id={`${idp}-kind`} className="input" {...form.register('kind')}>
              {CHECK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CHECK_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id={`${idp}-port`} label="Port" error={errors.port?.message}>
            {input('port', { inputMode: 'numeric' })}
          </FormField>
        </div>
        <FormField id={`${idp}-host`} label="Host (optional)" error={errors.host?.message} hint="Empty: the container’s own address, from Proxmox VE.">
          {input('host', { placeholder: 'e.g. app.lan' })}
        </FormField>
        {web ? (
          <>
            <div className="grid grid-cols-2 gap-3">
              <FormField id={`${idp}-path`} label="Path" error={errors.path?.message}>
                {input('path')}
              </FormField>
              <FormField id={`${idp}-expectStatus`} label="Expected status" error={errors.expectStatus?.message} hint="Empty: any 2xx or 3xx.">
                {input('expectStatus', { inputMode: 'numeric' })}
              </FormField>
            </div>
            <FormField id={`${idp}-keyword`} label="Keyword (optional)" error={errors.keyword?.message} hint="The page must contain this text.">
              {input('keyword')}
            </FormField>
            {kind === 'https' ? (
              <FormField
                id={`${idp}-tlsWarnDays`}
                label="Warn before the certificate expires (days)"
                error={errors.tlsWarnDays?.message}
                hint="The chain is not verified (self-signed is fine); its expiry is. 0: never."
              >
                {input('tlsWarnDays', { inputMode: 'numeric' })}
              </FormField>
            ) : null}
          </>
        ) : null}
        <div className="grid grid-cols-3 gap-3">
          <FormField id={`${idp}-intervalSeconds`} label="Every (s)" error={errors.intervalSeconds?.message}>
            {input('intervalSeconds', { inputMode: 'numeric' })}
          </FormField>
          <FormField id={`${idp}-timeoutMs`} label="Timeout (ms)" error={errors.timeoutMs?.message}>
            {input('timeoutMs', { inputMode: 'numeric' })}
          </FormField>
          <FormField id={`${idp}-failuresToAlert`} label="Alert after (failures)" error={errors.failuresToAlert?.message}>
            {input('failuresToAlert', { inputMode: 'numeric' })}
          </FormField>
        </div>
        <FormDialogButtons busy={create.isPending || update.isPending} label={check ? 'Save' : 'Add check'} busyLabel="Saving…" />
      </form>
    </FormDialog>
  );
}
