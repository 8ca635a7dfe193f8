'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { ADOPT_OPERATIONS } from '@kiln/services/operations-table';
import { FormAlert } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { cn } from '@/lib/cn';
import { useDialogForm } from '@/lib/use-dialog-form';
import { useOperation } from '@/features/operations/components/use-operation';
import { adoptAction } from '../actions/adopt';
import { adoptFormSchema, toTemplateId, type AdoptForm } from '../schemas';
import { TemplatePicker } from './template-picker';

const DEFAULTS: AdoptForm = { family: '', templateId: '' };

/**
 * On a discovered container's overview (operators): Adopt makes it Kiln's. The dialog links a
 * template version or none; the worker records the config and tags the container, followed here
 * until it ends; then the page shows the provenance card instead of this one.
 */
export function AdoptCard({ nodeId, vmid, name, activeId }: { nodeId: string; vmid: number; name: string; activeId?: string }) {
  const router = useRouter();
  const def = ADOPT_OPERATIONS['container.adopt'];
  const [operationId, setOperationId] = useState(activeId);
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  const form = useForm<AdoptForm>({ resolver: zodResolver(adoptFormSchema), defaultValues: DEFAULTS });
  const { executeAsync, isPending } = useAction(adoptAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (values) => {
    setResult(undefined);
    const r = await executeAsync({ nodeId, vmid, templateId: toTemplateId(values) });
    if (r?.data?.operationId) setOperationId(r.data.operationId);
    return r;
  });
  const live = useOperation(operationId, (op) => {
    setOperationId(undefined);
    const message = op.operation.message ?? (op.ok ? `${def.past} ${name}.` : 'The adoption did not work.');
    setResult({ ok: op.ok, message });
    (op.ok ? toast.success : toast.error)(`${name}: ${message}`);
    if (op.ok) router.refresh();
  });
  const busy = !!operationId;
  return (
    <section className="card p-4" aria-labelledby="adopt-title" data-testid="adopt-card">
      <h2 id="adopt-title" className="mb-2 font-semibold">
        Not managed by Kiln
      </h2>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        Kiln did not create this container. Adopt it to record its configuration, link the template it was made from (or none) and tag it as Kiln’s: it then has provenance and template updates like
        the containers Kiln made. Proxmox VE keeps running it as it is.
      </p>
      {busy ? (
        <p role="status" aria-live="polite" data-testid="adopt-progress" className="flex items-center gap-2 text-sm">
          <span className="h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
          {def.working} {name}…{live?.lines.length ? <span className="truncate font-mono text-xs text-zinc-500">{live.lines.at(-1)}</span> : null}
        </p>
      ) : (
        <FormDialog
          open={open}
          onOpenChange={setOpen}
          trigger={`${def.label}…`}
          triggerClassName="btn-primary"
          title={`Adopt ${name}?`}
          description="Kiln writes its record of this container and adds the tags kiln and kiln-<id> to it. Nothing else in the container changes."
        >
          <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="adopt-form">
            <FormAlert message={formError} />
            <TemplatePicker form={form} idPrefix="adopt" />
            <FormDialogButtons busy={isPending} label={def.label} busyLabel="Asking…" />
          </form>
        </FormDialog>
      )}
      {result ? (
        <p
          role={result.ok ? 'status' : 'alert'}
          data-testid="adopt-result"
          className={cn(
            'mt-3 rounded-md border px-3 py-2 text-sm',
            result.ok
              ? 'border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950/40'
              : 'border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300',
          )}
        >
          {result.message}
        </p>
      ) : null}
    </section>
  );
}
