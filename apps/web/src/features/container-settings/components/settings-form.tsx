'use client';

import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { ContainerSettingsView } from '@kiln/services';
import { TAG_MESSAGE, TAG_RE, settingsChange, settingsValuesSchema, type SettingsInput, type SettingsValues } from '@kiln/services/schemas';
import { FormField } from '@/components/form-field';
import { saveSettingsAction } from '../actions/save-settings';
import { FeatureFlags } from './feature-flags';
import { withInitial } from './initial';
import { Markdown } from './markdown';
import { MountFields } from './mount-fields';
import { NetworkFields } from './network-fields';
import { OperationOutcome } from './outcome';
import { useSettingsOperation } from './use-settings-operation';

type Err = { message?: string } | undefined;
const msg = (e: unknown) => (e as Err)?.message;
const splitTags = (s: string) => [
  ...new Set(
    s
      .toLowerCase()
      .split(/[\s,;]+/)
      .filter(Boolean),
  ),
];

/**
 * The container's settings as one form. Saving sends the values as loaded and as edited with the
 * config digest; the worker changes only what differs, and Proxmox VE refuses it if the config
 * moved in between (the result then names the keys someone else changed).
 */
export function SettingsForm({ nodeId, vmid, view, canEdit }: { nodeId: string; vmid: number; view: ContainerSettingsView; canEdit: boolean }) {
  const form = useForm<SettingsInput, unknown, SettingsValues>({ resolver: zodResolver(settingsValuesSchema), defaultValues: view.values, mode: 'onChange' });
  const { formState, watch } = form;
  const field = withInitial(form);
  const e = formState.errors;
  const op = useSettingsOperation();
  const [tagText, setTagText] = useState(view.values.tags.join(' '));
  const [tagError, setTagError] = useState<string>();
  const [preview, setPreview] = useState(false);
  const description = watch('description') ?? '';
  const parsed = settingsValuesSchema.safeParse(watch());
  const change = parsed.success ? settingsChange(view.values, parsed.data) : undefined;
  const rootKeys = change ? [...Object.keys(change.rootOnly), ...change.rootOnlyDelete] : [];
  const running = view.status === 'running';
  // New values from Proxmox VE (saved here or elsewhere): the form starts over from them, the outcome stays.
  useEffect(() => {
    form.reset(view.values);
    setTagText(view.values.tags.join(' '));
    setTagError(undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.digest]);
  const disabled = !canEdit || op.busy;

  const submit = form.handleSubmit((next) => op.run(() => saveSettingsAction({ nodeId, vmid, digest: view.digest, base: view.values, next })));

  return (
    <form onSubmit={(ev) => void submit(ev)} noValidate className="space-y-4" aria-label="Container settings">
      <fieldset disabled={disabled} className="space-y-4">
        <section className="card space-y-3 p-4">
          <h2 className="text-sm font-semibold">Resources</h2>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <FormField id="cores" label="Cores" error={msg(e.cores)} hint="Empty: all the node's cores.">
              <input id="cores" inputMode="numeric" className="input" {...field.input('cores', { valueAsNumber: true })} />
            </FormField>
            <FormField id="cpulimit" label="CPU limit" error={msg(e.cpulimit)} hint="0: no limit. 1.5 = one and a half cores' time.">
              <input id="cpulimit" inputMode="decimal" className="input" {...field.input('cpulimit', { valueAsNumber: true })} />
            </FormField>
            <FormField id="memory" label="Memory (MiB)" error={msg(e.memory)}>
              <input id="memory" inputMode="numeric" className="input" {...field.input('memory', { valueAsNumber: true })} />
            </FormField>
            <FormField id="swap" label="Swap (MiB)" error={msg(e.swap)}>
              <input id="swap" inputMode="numeric" className="input" {...field.input('swap', { valueAsNumber: true })} />
            </FormField>
          </div>
        </section>

        <section className="card space-y-3 p-4">
          <h2 className="text-sm font-semibold">Options</h2>
          <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
            <label className="flex items-center gap-2">
              <input type="checkbox" {...field.check('onboot')} /> Start on boot
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" {...field.check('protection')} /> Protection (Proxmox VE refuses to delete it or its disks)
            </label>
          </div>
          <div className="grid gap-3 sm:grid-cols-3">
            <FormField id="startupOrder" label="Start order" error={msg(e.startupOrder)} hint="Lower starts first; empty: any order.">
              <input id="startupOrder" inputMode="numeric" className="input" {...field.input('startupOrder', { valueAsNumber: true })} />
            </FormField>
            <FormField id="startupUp" label="Wait after start (s)" error={msg(e.startupUp)}>
              <input id="startupUp" inputMode="numeric" className="input" {...field.input('startupUp', { valueAsNumber: true })} />
            </FormField>
            <FormField id="startupDown" label="Shutdown timeout (s)" error={msg(e.startupDown)}>
              <input id="startupDown" inputMode="numeric" className="input" {...field.input('startupDown', { valueAsNumber: true })} />
            </FormField>
          </div>
          <FormField
            id="tags"
            label="Tags"
            error={tagError ?? msg(e.tags)}
            hint={view.values.keptTags.length ? `Kiln keeps its own: ${view.values.keptTags.join(', ')}.` : 'Separated by spaces or commas.'}
          >
            <input
              id="tags"
              className="input"
              value={tagText}
              onChange={(ev) => {
                setTagText(ev.target.value);
                const tags = splitTags(ev.target.value);
                setTagError(tags.every((t) => TAG_RE.test(t)) ? undefined : TAG_MESSAGE);
                form.setValue('tags', tags, { shouldDirty: true, shouldValidate: true });
              }}
            />
          </FormField>
          <div className="space-y-1">
            <span className="label">Features</span>
            <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
              <FeatureFlags field={(f) => field.check(`features.${f}`)} />
            </div>
            {op.fieldErrors['features'] ? (
              <p role="alert" className="field-error">
                {op.fieldErrors['features']}
              </p>
            ) : rootKeys.includes('features') && !view.sshReady ? (
              <p role="alert" className="field-error">
                Only root can change these flags: Kiln runs pct set over SSH, and SSH to {view.pveNode} is not set up (Settings → Nodes).
              </p>
            ) : null}
          </div>
        </section>

        <section className="card space-y-3 p-4">
          <div className="flex items-center justify-between gap-2">
            <h2 className="text-sm font-semibold">Notes</h2>
            <button type="button" className="text-xs underline" onClick={() => setPreview((p) => !p)}>
              {preview ? 'Edit' : 'Preview'}
            </button>
          </div>
          {preview ? (
            description.trim() ? (
              <Markdown source={description} />
            ) : (
              <p className="text-sm text-zinc-500">No notes.</p>
            )
          ) : (
            <FormField id="description" label="Notes (markdown, shown in Proxmox VE too)" error={msg(e.description)}>
              <textarea id="description" rows={5} className="input font-mono text-xs" {...field.input('description')} />
            </FormField>
          )}
        </section>

        <section className="card space-y-3 p-4">
          <h2 className="text-sm font-semibold">Network</h2>
          <NetworkFields form={form} bridges={view.bridges} pools={view.pools} serverErrors={op.fieldErrors} disabled={disabled} />
        </section>

        {canEdit ? (
          <section className="card space-y-3 p-4">
            <h2 className="text-sm font-semibold">Mount points</h2>
            <p className="text-xs text-zinc-500">Change a path or option, remove one, or add one. Sizes only grow: under Disks and mount points below.</p>
            <MountFields form={form} view={view} disabled={disabled} serverError={op.fieldErrors['mounts']} />
          </section>
        ) : null}
      </fieldset>

      {canEdit ? (
        <section className="card space-y-3 p-4" aria-labelledby="review-title" data-testid="settings-review">
          <h2 id="review-title" className="text-sm font-semibold">
            Review
          </h2>
          {!change ? (
            <p className="text-sm text-red-700 dark:text-red-400">Some values are not valid: see the fields above.</p>
          ) : change.keys.length === 0 ? (
            <p className="text-sm text-zinc-500">No changes yet.</p>
          ) : (
            <>
              {Object.keys(change.set).length + change.delete.length > 0 ? (
                <pre className="overflow-x-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">
                  {[
                    `PUT /nodes/${view.pveNode}/lxc/${vmid}/config`,
                    ...Object.entries(change.set).map(([k, v]) => `  ${k}: ${v}`),
                    ...(change.delete.length ? [`  delete: ${change.delete.join(',')}`] : []),
                  ].join('\n')}
                </pre>
              ) : null}
              {rootKeys.length > 0 ? (
                <div className="text-sm">
                  <p className="text-zinc-600 dark:text-zinc-400">An API token cannot set these; Kiln runs as root over SSH:</p>
                  <pre className="mt-1 overflow-x-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">
                    {`pct set ${vmid} ${Object.entries(change.rootOnly)
                      .map(([k, v]) => `--${k} ${v}`)
                      .join(' ')}${change.rootOnlyDelete.length ? ` --delete ${change.rootOnlyDelete.join(',')}` : ''}`}
                  </pre>
                </div>
              ) : null}
              {running ? <p className="text-xs text-zinc-500">The container is running: Proxmox VE applies some keys at once and keeps the others pending until it restarts.</p> : null}
            </>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary px-4 py-1.5" disabled={op.busy || !change || change.keys.length === 0 || (rootKeys.length > 0 && !view.sshReady) || !!tagError}>
              {op.busy ? 'Saving…' : 'Save settings'}
            </button>
            <button
              type="button"
              className="btn-secondary px-4 py-1.5"
              disabled={op.busy || !change || change.keys.length === 0}
              onClick={() => {
                form.reset(view.values);
                setTagText(view.values.tags.join(' '));
                setTagError(undefined);
              }}
            >
              Undo my edits
            </button>
          </div>
          <OperationOutcome working="Saving settings" live={op.live} busy={op.busy} outcome={op.outcome} onDismiss={op.dismiss} />
        </section>
      ) : null}
    </form>
  );
}
