/**
 * A container as Kiln's provisioning leaves it, without running a creation: a running CT on pve1
 * and its Kiln row made from a template (the update tests and bench start from there).
 */
import { getDb } from '@kiln/db';
import type { PveClient } from '@kiln/pve';

export async function runningCt(pve: PveClient, vmid: number, hostname: string, storage = 'local-lvm'): Promise<void> {
  await pve.waitForTask(
    await pve.lxcCreate('pve1', {
      vmid,
      hostname,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: { storage, sizeGiB: 2 },
      net: [{ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }],
    }),
    { timeout: 60_000 },
  );
  await pve.waitForTask(await pve.lxcStart('pve1', vmid), { timeout: 60_000 });
}

/** The Kiln row of a ready container made from template `t` (a creation spec with no params). */
export function kilnRow(a: { userId: string; nodeId: string; vmid: number; hostname: string; storage?: string; template: { id: string; slug: string; version: string } }) {
  const spec = {
    template: a.template,
    pveNode: 'pve1',
    hostname: a.hostname,
    vmid: a.vmid,
    storage: a.storage ?? 'local-lvm',
    cores: 1,
    memory: 512,
    swap: 512,
    disk: 2,
    unprivileged: true,
    features: { nesting: true, keyctl: false, fuse: false },
    network: { bridge: 'vmbr0', ipv4: 'dhcp', ipv6: 'none', firewall: true },
    dns: { nameservers: [] },
    tags: [],
    params: {},
    secretParams: [],
  };
  return getDb().container.create({
    data: {
      userId: a.userId,
      nodeId: a.nodeId,
      templateId: a.template.id,
      templateSlug: a.template.slug,
      templateVersion: a.template.version,
      vmid: a.vmid,
      hostname: a.hostname,
      pveNode: 'pve1',
      lifecycle: 'ready',
      spec,
      readyAt: new Date(),
    },
  });
}
