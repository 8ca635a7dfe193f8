'use client';

import type { UseFormReturn } from 'react-hook-form';
import type { CreateContainerInput } from '@kiln/services/schemas';
import { FormField } from '@/components/form-field';
import { cn } from '@/lib/cn';
import { formatBytes } from '@/lib/format';
import type { WizardData, WizardTemplate } from '../queries';
import { PoolField } from './pool-field';
import { VmidField } from './vmid-field';
import type { NodeBridge } from '@kiln/services';
import { BridgeSelect } from '@/features/container-settings/components/network-fields';
import { FeatureFlags } from '@/features/container-settings/components/feature-flags';

type Form = UseFormReturn<CreateContainerInput>;
type Err = { message?: string } | undefined;
const msg = (e: unknown) => (e as Err)?.message;

export function NodeStep({ form, nodes }: { form: Form; nodes: WizardData['nodes'] }) {
  const selected = form.watch('nodeId');
  return (
    <div className="space-y-2" role="radiogroup" aria-label="Node">
      {nodes.map((n) => {
        const disabled = n.sshState !== 'ok';
        return (
          <label key={n.id} className={cn('card flex cursor-pointer items-center gap-3 p-3', selected === n.id && 'border-kiln-500', disabled && 'cursor-not-allowed opacity-60')}>
            <input type="radio" value={n.id} disabled={disabled} checked={selected === n.id} onChange={() => form.setValue('nodeId', n.id, { shouldValidate: true })} />
            <div className="min-w-0">
              <div className="font-medium">
                {n.name} {n.isDefault ? <span className="ml-1 rounded bg-kiln-100 px-1.5 text-xs text-kiln-700 dark:bg-kiln-700/30 dark:text-kiln-400">default</span> : null}
                {n.sharedBy ? <span className="ml-1 rounded bg-amber-50 px-1.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300">shared by {n.sharedBy}</span> : null}
              </div>
              <div className="text-xs text-zinc-500">
                Proxmox node {n.pveNodeName ?? '?'}
                {n.clusterName ? ` in cluster ${n.clusterName}` : ''}
                {disabled ? ' · SSH is not working: fix it in Settings → Nodes to create containers here' : ''}
              </div>
            </div>
          </label>
        );
      })}
      {msg(form.formState.errors.nodeId) ? <p className="field-error">{msg(form.formState.errors.nodeId)}</p> : null}
    </div>
  );
}

export function IdentityStep({ form }: { form: Form }) {
  const { register, watch, setValue, formState } = form;
  return (
    <div className="max-w-xl space-y-5">
      <FormField id="hostname" label="Host name" error={msg(formState.errors.hostname)} hint="Letters, digits and hyphens (RFC 1123), e.g. web-01.">
        <input id="hostname" className="input" autoComplete="off" aria-invalid={!!formState.errors.hostname} {...register('hostname')} />
      </FormField>
      <VmidField
        nodeId={watch('nodeId')}
        mode={watch('vmidMode')}
        value={String(watch('vmid') ?? '')}
        error={msg(formState.errors.vmid)}
        onMode={(m) => setValue('vmidMode', m, { shouldValidate: formState.isSubmitted })}
        onValue={(v) => setValue('vmid', v as never, { shouldValidate: formState.isSubmitted })}
      />
    </div>
  );
}

export function ResourcesStep({
  form,
  storages,
  storagesError,
  osImages,
}: {
  form: Form;
  storages: { storage: string; type: string; avail: number | null; total: number | null }[] | undefined;
  storagesError?: string;
  /** The node's images of the template's OS family, newest first (the default). */
  osImages?: { volid: string; name: string; build: string }[];
}) {
  const { register, formState } = form;
  const e = formState.errors;
  const num = (id: 'cores' | 'memory' | 'swap' | 'disk', label: string, hint?: string) => (
    <FormField id={id} label={label} error={msg(e[id])} hint={hint}>
      <input id={id} inputMode="numeric" className="input" aria-invalid={!!e[id]} {...register(id)} />
    </FormField>
  );
  return (
    <div className="max-w-2xl space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        {num('cores', 'CPU cores')}
        {num('memory', 'Memory (MiB)')}
        {num('swap', 'Swap (MiB)')}
        {num('disk', 'Root disk (GiB)')}
      </div>
      <FormField id="storage" label="Storage for the root disk" error={msg(e.storage) ?? storagesError} hint={storages ? undefined : 'Loading the node’s storages…'}>
        <select id="storage" className="input" aria-invalid={!!e.storage} {...register('storage')}>
          <option value="">Choose…</option>
          {(storages ?? []).map((s) => (
            <option key={s.storage} value={s.storage}>
              {s.storage} ({s.type}){s.avail !== null ? ` — ${formatBytes(s.avail)} free` : ''}
            </option>
          ))}
        </select>
      </FormField>
      {osImages && osImages.length > 1 ? (
        <FormField id="osImage" label="OS image" error={msg(e.osImage)} hint="The template accepts any of these images on the node; the newest is the default.">
          <select id="osImage" className="input" aria-invalid={!!e.osImage} {...register('osImage')}>
            <option value="">Newest ({osImages[0]!.name})</option>
            {osImages.map((i) => (
              <option key={i.volid} value={i.volid}>
                {i.volid}
              </option>
            ))}
          </select>
        </FormField>
      ) : null}
      <fieldset className="space-y-2 text-sm">
        <legend className="label">Options</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" {...register('unprivileged')} /> Unprivileged container (recommended)
        </label>
        <FeatureFlags field={(f) => register(`features.${f}`)} />
        {msg((e as Record<string, unknown>).features) ? <p className="field-error">{msg((e as Record<string, unknown>).features)}</p> : null}
      </fieldset>
    </div>
  );
}

export function NetworkStep({ form, bridges, bridgesError }: { form: Form; bridges: NodeBridge[] | undefined; bridgesError?: string }) {
  const { register, watch, formState } = form;
  const e = (formState.errors.network ?? {}) as Record<string, Err>;
  const v4 = watch('network.ipv4Mode');
  const v6 = watch('network.ipv6Mode');
  const bridge = bridges?.find((b) => b.iface === watch('network.bridge'));
  const vlan = watch('network.vlan');
  return (
    <div className="max-w-2xl space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="bridge" label="Bridge" error={e.bridge?.message ?? bridgesError} hint={bridges ? undefined : 'Loading the node’s bridges…'}>
          {bridges?.length ? (
            <BridgeSelect id="bridge" bridges={bridges} current={watch('network.bridge')} {...register('network.bridge')} />
          ) : (
            <input id="bridge" className="input" {...register('network.bridge')} />
          )}
        </FormField>
        <FormField
          id="vlan"
          label="VLAN tag (optional)"
          error={e.vlan?.message}
          hint={vlan && bridge && !bridge.vlanAware ? `${bridge.iface} is not VLAN-aware: tagged traffic needs a VLAN-aware bridge.` : undefined}
        >
          <input id="vlan" inputMode="numeric" className="input" {...register('network.vlan')} />
        </FormField>
      </div>
      <fieldset className="space-y-2">
        <legend className="label">IPv4</legend>
        <div className="flex gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" value="dhcp" {...register('network.ipv4Mode')} /> DHCP
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" value="static" {...register('network.ipv4Mode')} /> Static
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" value="pool" {...register('network.ipv4Mode')} /> Next free address from a pool
          </label>
        </div>
        {v4 === 'pool' ? <PoolField form={form} bridge={watch('network.bridge')} error={e.ipv4PoolId?.message} /> : null}
        {v4 === 'static' ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="ipv4Cidr" label="Address/prefix" error={e.ipv4Cidr?.message}>
              <input id="ipv4Cidr" placeholder="192.168.1.50/24" className="input" {...register('network.ipv4Cidr')} />
            </FormField>
            <FormField id="ipv4Gateway" label="Gateway" error={e.ipv4Gateway?.message}>
              <input id="ipv4Gateway" placeholder="192.168.1.1" className="input" {...register('network.ipv4Gateway')} />
            </FormField>
          </div>
        ) : null}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="label">IPv6</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {(['none', 'auto', 'dhcp', 'static'] as const).map((m) => (
            <label key={m} className="flex items-center gap-2">
              <input type="radio" value={m} {...register('network.ipv6Mode')} /> {m === 'auto' ? 'SLAAC' : m === 'none' ? 'Off' : m === 'dhcp' ? 'DHCPv6' : 'Static'}
            </label>
          ))}
        </div>
        {v6 === 'static' ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="ipv6Cidr" label="Address/prefix" error={e.ipv6Cidr?.message}>
              <input id="ipv6Cidr" placeholder="fd00::50/64" className="input" {...register('network.ipv6Cidr')} />
            </FormField>
            <FormField id="ipv6Gateway" label="Gateway" error={e.ipv6Gateway?.message}>
              <input id="ipv6Gateway" className="input" {...register('network.ipv6Gateway')} />
            </FormField>
          </div>
        ) : null}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...register('network.firewall')} /> Proxmox firewall on this interface
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="nameservers" label="DNS servers (optional)" error={msg(formState.errors.nameservers)} hint="Empty: the node's resolvers.">
          <input id="nameservers" className="input" placeholder="1.1.1.1 9.9.9.9" {...register('nameservers')} />
        </FormField>
        <FormField id="searchdomain" label="Search domain (optional)" error={msg(formState.errors.searchdomain)}>
          <input id="searchdomain" className="input" placeholder="home.arpa" {...register('searchdomain')} />
        </FormField>
      </div>
      <FormField id="tags" label="Tags (optional)" error={msg(formState.errors.tags)} hint="Separated by spaces or commas; Kiln adds its own.">
        <input id="tags" className="input" {...register('tags')} />
      </FormField>
    </div>
  );
}

export function ParamsStep({ form, template }: { form: Form; template: WizardTemplate | undefined }) {
  const { register, formState } = form;
  const errs = (formState.errors.params ?? {}) as Record<string, Err>;
  if (!template || template.params.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This template has no parameters.</p>;
  return (
    <div className="max-w-xl space-y-4">
      {template.params.map((p) => {
        const id = `param-${p.name}`;
        const label = p.label ?? p.name;
        const hint = p.type === 'secret' ? `${p.help ? `${p.help} ` : ''}Leave empty to generate one (shown once after creation).` : p.help;
        if (p.type === 'boolean') {
          return (
            <div key={p.name}>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" {...register(`params.${p.name}`)} /> {label}
              </label>
              {errs[p.name]?.message ? <p className="field-error">{errs[p.name]?.message}</p> : hint ? <p className="mt-1 text-xs text-zinc-500">{hint}</p> : null}
            </div>
          );
        }
        if (p.type === 'enum') {
          return (
            <FormField key={p.name} id={id} label={label} error={errs[p.name]?.message} hint={hint}>
              <select id={id} className="input" {...register(`params.${p.name}`)}>
                {p.validation.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </FormField>
          );
        }
        return (
          <FormField key={p.name} id={id} label={label} error={errs[p.name]?.message} hint={hint}>
            <input
              id={id}
              className={cn('input', p.type === 'secret' && 'font-mono')}
              type={p.type === 'secret' ? 'password' : 'text'}
              inputMode={p.type === 'number' || p.type === 'port' ? 'numeric' : undefined}
              autoComplete="off"
              aria-invalid={!!errs[p.name]}
              {...register(`params.${p.name}`)}
            />
          </FormField>
        );
      })}
    </div>
  );
}
