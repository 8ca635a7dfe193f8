import type { Template } from '@kiln/core/templates';
import { Facts, Pill, Section } from './section';

const ROOT_ONLY = 'needs root over SSH';

function ipv4(v: Template['defaults']['network']['ipv4']): string {
  return typeof v === 'string' ? 'DHCP' : `${v.cidr}${v.gateway ? ` via ${v.gateway}` : ''}`;
}

function ipv6(v: Template['defaults']['network']['ipv6']): string {
  if (typeof v !== 'string') return `${v.cidr}${v.gateway ? ` via ${v.gateway}` : ''}`;
  return { none: 'none', auto: 'SLAAC (auto)', dhcp: 'DHCPv6' }[v];
}

/** The OS and the container settings the wizard starts from. */
export function DefaultsPanel({ t }: { t: Template }) {
  const d = t.defaults;
  const rootOnly = d.features.keyctl || d.features.fuse;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Section title="OS and resources" id="resources">
        <Facts
          items={[
            { label: 'OS', value: `${t.os.distribution} ${t.os.version}${t.os.variant ? ` (${t.os.variant})` : ''}, ${t.os.arch}` },
            { label: 'Cores', value: d.cores },
            { label: 'Memory', value: `${d.memory} MiB` },
            { label: 'Swap', value: `${d.swap} MiB` },
            { label: 'Root disk', value: `${d.disk} GiB` },
            { label: 'Container', value: d.unprivileged ? 'unprivileged' : <Pill tone="amber">privileged</Pill> },
          ]}
        />
      </Section>
      <Section
        title="Features and network"
        id="network"
        description={rootOnly ? 'keyctl and fuse can only be set by root: Kiln sets them with pct set over SSH, so the node needs SSH as root.' : undefined}
      >
        <Facts
          items={[
            {
              label: 'Features',
              value: (
                <ul className="flex flex-wrap gap-1.5" aria-label="Features">
                  {(['nesting', 'keyctl', 'fuse'] as const).map((f) => (
                    <li key={f} data-feature={f} data-enabled={d.features[f]}>
                      <Pill tone={d.features[f] ? (f === 'nesting' ? 'sky' : 'amber') : 'zinc'}>
                        {`${f} ${d.features[f] ? 'on' : 'off'}${d.features[f] && f !== 'nesting' ? ` · ${ROOT_ONLY}` : ''}`}
                      </Pill>
                    </li>
                  ))}
                </ul>
              ),
            },
            { label: 'Bridge', value: <span className="font-mono">{d.network.bridge}</span> },
            { label: 'IPv4', value: ipv4(d.network.ipv4) },
            { label: 'IPv6', value: ipv6(d.network.ipv6) },
            { label: 'VLAN', value: d.network.vlan ?? 'none' },
            { label: 'Firewall', value: d.network.firewall ? 'on' : 'off' },
            { label: 'DNS', value: d.dns.nameservers.length || d.dns.searchdomain ? [d.dns.nameservers.join(', '), d.dns.searchdomain].filter(Boolean).join(' · search ') : "the node's settings" },
            { label: 'Proxmox tags', value: d.tags.length ? d.tags.join(', ') : 'none' },
          ]}
        />
      </Section>
    </div>
  );
}
