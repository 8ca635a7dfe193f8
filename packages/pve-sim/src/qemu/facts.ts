import { createHash } from 'node:crypto';
import { parseSize } from '../schema/formats';
import type { VmRecord } from '../state/types';

/** Values qemu-server derives from a VM's config (`PVE::QemuServer::vmstatus`). */
export interface VmFacts {
  name: string;
  cpus: number;
  maxmem: number;
  maxdisk: number;
  template: boolean;
}

/** The disk `vmstatus` reports as `maxdisk`: the boot disk, else the first of these buses. */
const DISK_KEY = /^(scsi|virtio|sata|ide)\d+$/;

export function vmFacts(vm: VmRecord): VmFacts {
  const c = vm.config;
  const sockets = Number(c['sockets'] || 1);
  const cores = Number(c['cores'] || 1);
  const disk = Object.keys(c)
    .filter((k) => DISK_KEY.test(k) && !/media=cdrom/.test(c[k] ?? ''))
    .sort()[0];
  const size = disk ? /(?:^|,)size=([^,]+)/.exec(c[disk] ?? '')?.[1] : undefined;
  return {
    name: c['name'] || `VM${vm.vmid}`,
    cpus: Number(c['vcpus'] || 0) || sockets * cores,
    // qemu-server's default `memory` is 512 MiB
    maxmem: Number(c['memory'] || 512) * 1024 * 1024,
    maxdisk: (size ? parseSize(size) : undefined) ?? 0,
    template: c['template'] === '1',
  };
}

/** The `key: value` lines of a config (or snapshot section), keys sorted. */
export function vmConfigText(config: Readonly<Record<string, string>>): string {
  return Object.keys(config)
    .sort()
    .map((k) => `${k}: ${config[k] ?? ''}\n`)
    .join('');
}

/** The SHA-1 of the config file's text, as `digest` in config answers (`[snapname]` sections included). */
export function vmDigest(vm: VmRecord): string {
  let text = vmConfigText(vm.config);
  for (const name of Object.keys(vm.snapshots ?? {}).sort()) {
    const snap = vm.snapshots?.[name];
    if (!snap) continue;
    const section: Record<string, string> = { ...snap.config, snaptime: String(snap.snaptime) };
    if (snap.description) section['description'] = snap.description;
    if (snap.snapstate) section['snapstate'] = snap.snapstate;
    text += `\n[${name}]\n${vmConfigText(section)}`;
  }
  return createHash('sha1').update(text).digest('hex');
}

/** `check_lock` in PVE::AbstractConfig, as qemu-server words it. */
export function assertVmNotLocked(vm: VmRecord): void {
  const lock = vm.config['lock'];
  if (lock) throw new Error(`VM is locked (${lock})`);
}

/** The config's `agent` option: unset, enabled or configured but disabled (`agent: 0`, `enabled=0`). */
export function agentSetting(vm: VmRecord): 'none' | 'enabled' | 'disabled' {
  const raw = vm.config['agent'];
  if (raw === undefined) return 'none';
  const first = raw.split(',')[0] ?? '';
  const enabled = /(?:^|,)enabled=([^,]+)/.exec(raw)?.[1] ?? (first.includes('=') ? '0' : first);
  return enabled === '1' ? 'enabled' : 'disabled';
}
