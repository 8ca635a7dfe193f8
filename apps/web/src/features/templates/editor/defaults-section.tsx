'use client';

import { useFormContext, useWatch } from 'react-hook-form';
import { Checkbox, Field, Group, Select, TextInput } from './fields';
import type { TemplateForm } from './form-model';

/** The container settings the wizard proposes. */
export function DefaultsSection() {
  const { control } = useFormContext<TemplateForm>();
  const ipv4Mode = useWatch({ control, name: 'defaults.network.ipv4Mode' });
  const ipv6Mode = useWatch({ control, name: 'defaults.network.ipv6Mode' });
  return (
    <Group id="tpl-defaults" title="Defaults" description="What the wizard proposes; the user can change it per container.">
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Field name="defaults.cores" label="Cores">
          <TextInput name="defaults.cores" inputMode="numeric" />
        </Field>
        <Field name="defaults.memory" label="Memory (MiB)">
          <TextInput name="defaults.memory" inputMode="numeric" />
        </Field>
        <Field name="defaults.swap" label="Swap (MiB)">
          <TextInput name="defaults.swap" inputMode="numeric" />
        </Field>
        <Field name="defaults.disk" label="Disk (GiB)">
          <TextInput name="defaults.disk" inputMode="numeric" />
        </Field>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Checkbox name="defaults.unprivileged" label="Unprivileged container" hint="Recommended: root in the container is not root on the node." />
        <Checkbox name="defaults.features.nesting" label="nesting" hint="Debian 12's systemd needs it; Docker too." />
        <Checkbox name="defaults.features.keyctl" label="keyctl (needs root over SSH)" hint="For Docker in unprivileged containers. Set with pct set as root." />
        <Checkbox name="defaults.features.fuse" label="fuse (needs root over SSH)" hint="FUSE mounts inside the container. Set with pct set as root." />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="defaults.network.bridge" label="Bridge">
          <TextInput name="defaults.network.bridge" className="font-mono" />
        </Field>
        <Field name="defaults.network.vlan" label="VLAN tag" hint="Blank: untagged">
          <TextInput name="defaults.network.vlan" inputMode="numeric" />
        </Field>
        <div className="sm:pt-7">
          <Checkbox name="defaults.network.firewall" label="Proxmox firewall on the interface" />
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="defaults.network.ipv4Mode" label="IPv4">
          <Select
            name="defaults.network.ipv4Mode"
            options={[
              { value: 'dhcp', label: 'DHCP' },
              { value: 'static', label: 'Static' },
            ]}
          />
        </Field>
        {ipv4Mode === 'static' ? (
          <>
            <Field name="defaults.network.ipv4Cidr" label="IPv4 address/prefix">
              <TextInput name="defaults.network.ipv4Cidr" className="font-mono" placeholder="192.168.1.50/24" />
            </Field>
            <Field name="defaults.network.ipv4Gateway" label="IPv4 gateway">
              <TextInput name="defaults.network.ipv4Gateway" className="font-mono" placeholder="192.168.1.1" />
            </Field>
          </>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="defaults.network.ipv6Mode" label="IPv6">
          <Select
            name="defaults.network.ipv6Mode"
            options={[
              { value: 'none', label: 'None' },
              { value: 'auto', label: 'SLAAC (auto)' },
              { value: 'dhcp', label: 'DHCPv6' },
              { value: 'static', label: 'Static' },
            ]}
          />
        </Field>
        {ipv6Mode === 'static' ? (
          <>
            <Field name="defaults.network.ipv6Cidr" label="IPv6 address/prefix">
              <TextInput name="defaults.network.ipv6Cidr" className="font-mono" placeholder="fd00::50/64" />
            </Field>
            <Field name="defaults.network.ipv6Gateway" label="IPv6 gateway">
              <TextInput name="defaults.network.ipv6Gateway" className="font-mono" placeholder="fd00::1" />
            </Field>
          </>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="defaults.dns.nameservers" label="DNS servers" hint="Blank: the node's resolver.">
          <TextInput name="defaults.dns.nameservers" className="font-mono" />
        </Field>
        <Field name="defaults.dns.searchdomain" label="Search domain">
          <TextInput name="defaults.dns.searchdomain" className="font-mono" />
        </Field>
        <Field name="defaults.tags" label="Proxmox tags" hint="Put on the container.">
          <TextInput name="defaults.tags" />
        </Field>
      </div>
    </Group>
  );
}
