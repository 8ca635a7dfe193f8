import type { LxcConfig, LxcNetConfig } from '@kiln/pve';
import type { Template } from '@kiln/core/templates';
import { sizeInGiB } from '../containers/settings';
import { isKilnTag } from '../schemas/container-settings';
import type { ContainerSpec } from '../provisioning/spec';

/** What the spec says about net0 of an adopted container (null: it has no net0). */
type AdoptedNetwork = ContainerSpec['network'];

/** `local-lvm:vm-101-disk-0` → `local-lvm`; a path (a bind-mounted root, rare) has no storage. */
function storageOf(volume: string | undefined): string {
  if (!volume || volume.startsWith('/')) return '';
  const i = volume.indexOf(':');
  return i > 0 ? volume.slice(0, i) : '';
}

function networkOf(net: LxcNetConfig | undefined): AdoptedNetwork {
  if (!net) return null;
  const v4 = net.ip === 'dhcp' ? 'dhcp' : net.ip && net.ip !== 'manual' ? { cidr: net.ip, ...(net.gw ? { gateway: net.gw } : {}) } : 'none';
  const v6 = net.ip6 === 'dhcp' || net.ip6 === 'auto' ? net.ip6 : net.ip6 && net.ip6 !== 'manual' ? { cidr: net.ip6, ...(net.gw6 ? { gateway: net.gw6 } : {}) } : 'none';
  return {
    bridge: net.bridge ?? '',
    ipv4: v4,
    ipv6: v6,
    ...(net.tag !== undefined ? { vlan: net.tag } : {}),
    firewall: net.firewall ?? false,
  };
}

/**
 * The non-secret params of the linked template at their defaults: an adopted container was not made
 * with Kiln's form, so the template's update steps and healthcheck render with what the template
 * assumes. Secret params stay unknown (Kiln never saw them).
 */
export function defaultParams(template: Template | undefined): ContainerSpec['params'] {
  if (!template) return {};
  const out: ContainerSpec['params'] = {};
  for (const p of template.params) {
    if (p.type === 'secret' || p.default === undefined) continue;
    out[p.name] = p.default;
  }
  return out;
}

/**
 * An adopted container's spec, from its config as Proxmox VE returned it: what Kiln would have
 * asked for to create this container. Values PVE leaves unset read as PVE's defaults (512 MiB of
 * memory and of swap); unset `cores` is 0, "not limited" (PVE then gives it every core of the host).
 * Kiln's own tags are not the container's: they are left out.
 */
export function specFromConfig(cfg: LxcConfig, at: { pveNode: string; vmid: number }, template: { id: string; slug: string; version: string; spec?: Template } | null): ContainerSpec {
  const disk = sizeInGiB(cfg.rootfs?.size);
  return {
    template: template ? { id: template.id, slug: template.slug, version: template.version } : null,
    pveNode: at.pveNode,
    hostname: cfg.hostname || `CT${at.vmid}`,
    vmid: at.vmid,
    storage: storageOf(cfg.rootfs?.volume),
    cores: cfg.cores ?? 0,
    memory: cfg.memory ?? 512,
    swap: cfg.swap ?? 512,
    disk: disk === null ? 0 : Math.ceil(disk),
    unprivileged: cfg.unprivileged,
    features: { nesting: cfg.features.nesting, keyctl: cfg.features.keyctl, fuse: cfg.features.fuse },
    network: networkOf(cfg.net[0]),
    dns: {
      nameservers: (cfg.nameserver ?? '').split(/[\s,;]+/).filter(Boolean),
      ...(cfg.searchdomain
        ? {
            searchdomain: cfg.searchdomain
              .split(/[\s,;]+/)
              .filter(Boolean)
              .join(' '),
          }
        : {}),
    },
    tags: (cfg.tags ?? []).filter((t) => !isKilnTag(t)),
    params: defaultParams(template?.spec),
    secretParams: [],
  };
}
