'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { z } from 'zod';
import { FormAlert, FormField } from '@/components/form-field';
import { DeleteButton } from '@/components/ui/delete-button';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { firstActionError } from '@/lib/action-errors';
import { useDialogForm } from '@/lib/use-dialog-form';
import { deleteRuleAction, saveRuleAction } from '../actions/rule-actions';
import type { RuleRowValues } from './rules-form';

const overrideSchema = z
  .object({
    kind: z.string().min(1, 'Choose a rule.'),
    scope: z.enum(['node', 'tag', 'container']),
    nodeId: z.string(),
    tag: z.string().trim().max(128),
    vmid: z.string().trim(),
  })
  .superRefine((v, ctx) => {
    if (v.scope !== 'tag' && !v.nodeId) ctx.addIssue({ code: 'custom', path: ['nodeId'], message: 'Choose one of your nodes.' });
    if (v.scope === 'tag' && !/^[\w.-]{1,128}$/.test(v.tag)) ctx.addIssue({ code: 'custom', path: ['tag'], message: 'Enter a tag (letters, digits, _ . -).' });
    if (v.scope === 'container' && !(/^\d+$/.test(v.vmid) && Number(v.vmid) >= 100)) ctx.addIssue({ code: 'custom', path: ['vmid'], message: 'Enter a container id (100 or more).' });
  });
type OverrideValues = z.infer<typeof overrideSchema>;

/**
 * A rule for one node, one tag or one container, starting from the rule for everything: the most
 * specific rule of a kind wins (container > tag > node > all). It is edited in the list below.
 */
export function AddRuleOverrideDialog({ rules, nodes }: { rules: RuleRowValues[]; nodes: { id: string; name: string }[] }) {
  const form = useForm<OverrideValues>({ resolver: zodResolver(overrideSchema), defaultValues: { kind: rules[0]?.kind ?? '', scope: 'node', nodeId: nodes[0]?.id ?? '', tag: '', vmid: '' } });
  const { executeAsync, isPending } = useAction(saveRuleAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, async (v) => {
    const base = rules.find((r) => r.kind === v.kind)!;
    const scopeRef = v.scope === 'tag' ? v.tag : v.scope === 'node' ? v.nodeId : `${v.nodeId}:${v.vmid}`;
    const res = await executeAsync({
      kind: base.kind,
      scope: v.scope,
      scopeRef,
      enabled: base.enabled,
      trigger: base.trigger || null,
      clear: base.clear || null,
      days: base.days || null,
      forSeconds: base.forSeconds,
      cooldownSeconds: base.cooldownSeconds,
      severity: base.severity,
      channelIds: base.channelIds,
    });
    // The server names the target `scopeRef`: show it next to the field that makes it.
    const fieldErrors = res?.validationErrors as { fieldErrors?: Record<string, string[]> } | undefined;
    const serverError = res?.serverError as { fieldErrors?: Record<string, string> } | undefined;
    const msg = serverError?.fieldErrors?.['scopeRef'] ?? fieldErrors?.fieldErrors?.['scopeRef']?.[0];
    if (msg) form.setError(v.scope === 'tag' ? 'tag' : v.scope === 'container' && v.nodeId ? 'vmid' : 'nodeId', { message: msg });
    return res;
  });
  const { errors } = form.formState;
  const scope = form.watch('scope');
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger="Add override"
      triggerClassName="btn-secondary"
      title="Rule for a node, tag or container"
      description="It starts from the rule for everything; change its thresholds, severity and channels in the list afterwards."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id="ov-kind" label="Rule" error={errors.kind?.message}>
          <select id="ov-kind" className="input" {...form.register('kind')}>
            {rules.map((r) => (
              <option key={r.kind} value={r.kind}>
                {r.label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="ov-scope" label="Applies to" error={errors.scope?.message}>
          <select id="ov-scope" className="input" {...form.register('scope')}>
            <option value="node">A node</option>
            <option value="tag">Containers with a tag</option>
            <option value="container">One container</option>
          </select>
        </FormField>
        {scope !== 'tag' ? (
          <FormField id="ov-node" label="Node" error={errors.nodeId?.message}>
            <select id="ov-node" className="input" aria-invalid={!!errors.nodeId} {...form.register('nodeId')}>
              {nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
          </FormField>
        ) : (
          <FormField id="ov-tag" label="Tag" error={errors.tag?.message}>
            <input id="ov-tag" className="input" autoComplete="off" aria-invalid={!!errors.tag} {...form.register('tag')} />
          </FormField>
        )}
        {scope === 'container' ? (
          <FormField id="ov-vmid" label="Container id" error={errors.vmid?.message}>
            <input id="ov-vmid" className="input" inputMode="numeric" autoComplete="off" aria-invalid={!!errors.vmid} {...form.register('vmid')} />
          </FormField>
        ) : null}
        <FormDialogButtons busy={isPending} label="Add override" busyLabel="Adding…" />
      </form>
    </FormDialog>
  );
}

export function DeleteRuleButton({ id, label }: { id: string; label: string }) {
  const { executeAsync } = useAction(deleteRuleAction);
  return (
    <DeleteButton
      label="Remove"
      title={`Remove the rule for ${label}?`}
      description="The broader rule applies to it again."
      confirmLabel="Remove"
      onConfirm={async () => firstActionError(await executeAsync({ id }))}
    />
  );
}
