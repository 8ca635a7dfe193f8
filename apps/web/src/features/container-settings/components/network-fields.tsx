'use client';

import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import type { IpPoolChoice, NodeBridge } from '@kiln/services';
import type { SettingsInput, SettingsValues } from '@kiln/services/schemas';
import { FormField } from '@/components/form-field';
import { withInitial } from './initial';

type Form = UseFormReturn<SettingsInput, unknown, SettingsValues>;
type Err = { message?: string } | undefined;

const V6_LABEL = { none: 'Off', auto: 'SLAAC', dhcp: 'DHCPv6', static: 'Static' } as const;

/** The bridge picker of a NIC: the node's bridges (VLAN-aware ones say so), and the current one if the node no longer lists it. */
export function BridgeSelect({ id, bridges, current, ...rest }: { id: string; bridges: NodeBridge[]; current?: string } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const listed = bridges.some((b) => b.iface === current);
  return (
    <select id={id} className="input" {...rest}>
      {current && !listed ? <option value={current}>{current} (not listed by the node)</option> : null}
      {bridges.length === 0 && !current ? <option value="">No bridges found on the node</option> : null}
      {bridges.map((b) => (
        <option key={b.iface} value={b.iface}>
          {b.iface}
          {b.vlanAware ? ' · VLAN-aware' : ''}
          {b.comments ? ` · ${b.comments.trim()}` : ''}
          {b.active ? '' : ' · inactive'}
        </option>
      ))}
    </select>
  );
}

/** The container's network devices: bridge, VLAN, IPv4/IPv6 (DHCP, SLAAC or static with a gateway), firewall, rate. */
export function NetworkFields({
  form,
  bridges,
  pools,
  serverErrors,
  disabled,
}: {
  form: Form;
  bridges: NodeBridge[];
  pools: IpPoolChoice[];
  /** The server's checks (an address another guest holds), keyed `nets.<i>.<field>`. */
  serverErrors: Record<string, string>;
  disabled: boolean;
}) {
  const field = withInitial(form);
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'nets' });
  const nets = form.watch('nets');
  const errors = (form.formState.errors.nets ?? []) as unknown as Record<string, Err>[];

  function add() {
    const used = new Set(nets.map((n) => n.index));
    const names = new Set(nets.map((n) => n.name));
    let index = 0;
    while (used.has(index)) index++;
    let e = index;
    while (names.has(`eth${e}`)) e++;
    append({ index, name: `eth${e}`, bridge: bridges[0]?.iface ?? 'vmbr0', vlan: null, ipv4Mode: 'dhcp', ipv6Mode: 'none', firewall: false, rate: null });
  }

  return (
    <div className="space-y-4">
      {fields.map((f, i) => {
        const n = nets[i];
        const e = errors[i] ?? {};
        const bridge = bridges.find((b) => b.iface === n?.bridge);
        const p = `nets.${i}` as const;
        const onBridge = pools.filter((x) => x.bridge === n?.bridge);
        return (
          <fieldset key={f.id} className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`nic-${n?.index ?? i}`}>
            <legend className="px-1 text-sm font-medium">
              net{n?.index} {n?.hwaddr ? <span className="font-mono text-xs text-zinc-500">{n.hwaddr}</span> : null}
            </legend>
            <div className="grid gap-3 sm:grid-cols-3">
              <FormField id={`${p}.name`} label="Name in the container" error={e['name']?.message}>
                <input id={`${p}.name`} className="input" {...field.input(`${p}.name`)} />
              </FormField>
              <FormField id={`${p}.bridge`} label="Bridge" error={e['bridge']?.message}>
                <BridgeSelect id={`${p}.bridge`} bridges={bridges} current={f.bridge} {...field.input(`${p}.bridge`)} />
              </FormField>
              <FormField
                id={`${p}.vlan`}
                label="VLAN tag"
                error={e['vlan']?.message}
                hint={n?.vlan && bridge && !bridge.vlanAware ? `${bridge.iface} is not VLAN-aware: tagged traffic needs a VLAN-aware bridge.` : 'Empty: untagged.'}
              >
                <input id={`${p}.vlan`} inputMode="numeric" className="input" {...field.input(`${p}.vlan`, { valueAsNumber: true })} />
              </FormField>
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <div className="space-y-2">
                <span className="label">IPv4</span>
                <div className="flex flex-wrap gap-3 text-sm">
                  {(['dhcp', 'static', 'none', 'pool'] as const)
                    .filter((m) => m !== 'pool' || onBridge.length > 0)
                    .map((m) => (
                      <label key={m} className="flex items-center gap-1.5">
                        <input type="radio" {...field.radio(`${p}.ipv4Mode`, m)} /> {m === 'dhcp' ? 'DHCP' : m === 'static' ? 'Static' : m === 'pool' ? 'Next free from a pool' : 'None'}
                      </label>
                    ))}
                </div>
                {n?.ipv4Mode === 'pool' ? (
                  <FormField
                    id={`${p}.ipv4PoolId`}
                    label="IP pool"
                    error={serverErrors[`${p}.ipv4PoolId`] ?? e['ipv4PoolId']?.message}
                    hint="The server picks the address when you save; the pool's gateway and VLAN go with it."
                  >
                    <select id={`${p}.ipv4PoolId`} className="input" {...field.input(`${p}.ipv4PoolId`)}>
                      <option value="">Choose a pool</option>
                      {onBridge.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.name} · {x.cidr}
                          {x.vlan ? ` · VLAN ${x.vlan}` : ''}
                        </option>
                      ))}
                    </select>
                  </FormField>
                ) : null}
                {n?.ipv4Mode === 'static' ? (
                  <div className="grid gap-2 sm:grid-cols-2">
                    <FormField id={`${p}.ipv4Cidr`} label="Address/prefix" error={serverErrors[`${p}.ipv4Cidr`] ?? e['ipv4Cidr']?.message}>
                      <input id={`${p}.ipv4Cidr`} className="input" placeholder="192.168.1.50/24" {...field.input(`${p}.ipv4Cidr`)} />
                    </FormField>
                    <FormField id={`${p}.ipv4Gateway`} label="Gateway" error={e['ipv4Gateway']?.message}>
                      <input id={`${p}.ipv4Gateway`} className="input" placeholder="192.168.1.1" {...field.input(`${p}.ipv4Gateway`)} />
                    </FormField>
                  </div>
                ) : null}
              </div>
              <div className="space-y-2">
                <span className="label">IPv6</span>
                <div className="flex flex-wrap gap-3 text-sm">
                  {(['none', 'auto', 'dhcp', 'static'] as const).map((m) => (
                    <label key={m} className="flex items-center gap-1.5">
                      <input type="radio" {...field.radio(`${p}.ipv6Mode`, m)} /> {V6_LABEL[m]}
                    </label>
                  ))}
                </div>
                {n?.ipv6Mode === 'static' ? (
                  <div className="grid gap-2 sm:grid-cols-2">
                    <FormField id={`${p}.ipv6Cidr`} label="Address/prefix" error={e['ipv6Cidr']?.message}>
                      <input id={`${p}.ipv6Cidr`} className="input" placeholder="fd00::50/64" {...field.input(`${p}.ipv6Cidr`)} />
                    </FormField>
                    <FormField id={`${p}.ipv6Gateway`} label="Gateway" error={e['ipv6Gateway']?.message}>
                      <input id={`${p}.ipv6Gateway`} className="input" placeholder="fd00::1" {...field.input(`${p}.ipv6Gateway`)} />
                    </FormField>
                  </div>
                ) : null}
              </div>
            </div>
            <div className="flex flex-wrap items-end gap-4">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" {...field.check(`${p}.firewall`)} /> Proxmox firewall
              </label>
              <div className="w-40">
                <FormField id={`${p}.rate`} label="Rate limit (MB/s)" error={e['rate']?.message}>
                  <input id={`${p}.rate`} inputMode="decimal" className="input" placeholder="unlimited" {...field.input(`${p}.rate`, { valueAsNumber: true })} />
                </FormField>
              </div>
              <button type="button" className="btn-secondary ml-auto px-3 py-1.5 text-sm" disabled={disabled} onClick={() => remove(i)}>
                Remove net{n?.index}
              </button>
            </div>
          </fieldset>
        );
      })}
      {fields.length === 0 ? <p className="text-sm text-zinc-500">No network devices: the container has no network.</p> : null}
      <button type="button" className="btn-secondary px-3 py-1.5 text-sm" disabled={disabled || fields.length >= 32} onClick={add}>
        Add a network device
      </button>
    </div>
  );
}
