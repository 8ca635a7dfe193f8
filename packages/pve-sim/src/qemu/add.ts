import { pveDie } from '../http/errors';
import type { Sim } from '../sim';
import { unit } from '../state/hash';
import type { GuestAgentInterface, VmRecord } from '../state/types';
import { startVmNow } from './power';

/** A VM a test (or the demo) puts on a node: state only, no QEMU process. */
export interface VmSpec {
  /** Default: the next free VMID. */
  vmid?: number;
  /** Default: the first node. */
  node?: string;
  name?: string;
  cores?: number;
  memoryMb?: number;
  diskGb?: number;
  /** The boot disk's volume (default `local-lvm:vm-<vmid>-disk-0`), e.g. a raw file on `local`. */
  diskVolume?: string;
  /** `;`-separated or a list. */
  tags?: string | string[];
  /** Default true. */
  running?: boolean;
  /** Config `agent: 1` (default true). */
  agent?: boolean;
  /** `qemu-ga` answers inside the guest (default: `agent`). */
  agentRunning?: boolean;
  /** The guest's addresses on `eth0`/`ens18` as the agent reports them (`10.10.0.50/24`). */
  ips?: string[];
}

function mac(vmid: number, k: number): string {
  const b = [0xbc, 0x24, 0x11, Math.floor(unit(vmid, 'mac', k, 0) * 256), Math.floor(unit(vmid, 'mac', k, 1) * 256), Math.floor(unit(vmid, 'mac', k, 2) * 256)];
  return b.map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(':');
}

/** Adds a QEMU VM, its config as `qm create` would have written it. */
export function addVm(sim: Sim, spec: VmSpec): VmRecord {
  const node = spec.node ? sim.proxyNode(spec.node) : sim.localNode;
  let vmid = spec.vmid ?? 100;
  if (spec.vmid === undefined) while (sim.vmidTaken(vmid)) vmid++;
  else sim.assertVmidUnused(vmid);
  if (vmid < 100) throw pveDie(`invalid VMID ${vmid}`);
  const hw = mac(vmid, 0);
  const tags = Array.isArray(spec.tags) ? spec.tags : (spec.tags ?? '').split(/[;,\s]+/);
  const tagText = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort().join(';');
  const agent = spec.agent ?? true;
  const config: Record<string, string> = {
    name: spec.name ?? `vm-${vmid}`,
    ostype: 'l26',
    machine: 'q35',
    bios: 'ovmf',
    cpu: 'x86-64-v2-AES',
    sockets: '1',
    cores: String(spec.cores ?? 2),
    memory: String(spec.memoryMb ?? 2048),
    scsihw: 'virtio-scsi-single',
    scsi0: `${spec.diskVolume ?? `local-lvm:vm-${vmid}-disk-0`},iothread=1,size=${spec.diskGb ?? 32}G`,
    boot: 'order=scsi0;net0',
    net0: `virtio=${hw},bridge=vmbr0,firewall=1`,
    smbios1: `uuid=${[8, 4, 4, 4, 12]
      .map((n, i) =>
        Math.floor(unit(vmid, 'uuid', i) * 16 ** n)
          .toString(16)
          .padStart(n, '0'),
      )
      .join('-')}`,
    vmgenid: [8, 4, 4, 4, 12]
      .map((n, i) =>
        Math.floor(unit(vmid, 'gen', i) * 16 ** n)
          .toString(16)
          .padStart(n, '0'),
      )
      .join('-'),
    ...(agent ? { agent: '1' } : {}),
    ...(tagText ? { tags: tagText } : {}),
  };
  const interfaces: GuestAgentInterface[] = [{ name: 'ens18', mac: hw, addresses: [...(spec.ips ?? [])] }];
  const now = Date.now();
  const vm: VmRecord = { vmid, node: node.name, config, status: 'stopped', createdAt: now, runs: [], agentRunning: spec.agentRunning ?? agent, agentInterfaces: interfaces };
  sim.state.vms ??= {};
  sim.state.vms[String(vmid)] = vm;
  if (spec.running ?? true) startVmNow(sim, vm);
  sim.markDirty();
  return vm;
}

/** Changes what the guest agent of a VM does: answer or not, and which addresses it reports. */
export function setVmAgent(sim: Sim, vmid: number, change: { running?: boolean; ips?: string[] }): void {
  const vm = sim.vm(vmid);
  if (!vm) throw new Error(`no VM ${vmid}`);
  if (change.running !== undefined) vm.agentRunning = change.running;
  if (change.ips) {
    const first = vm.agentInterfaces[0];
    if (first) first.addresses = [...change.ips];
  }
  sim.markDirty();
}

/** `perNode` VMs on every node, with agent addresses on 10.<octet>.50.0/24 (every fourth agent silent). */
export function seedVms(sim: Sim, perNode: number): void {
  const octet = sim.settings.subnetOctet ?? 10;
  let k = 0;
  for (const node of sim.state.nodes) {
    for (let i = 0; i < perNode; i++, k++) {
      addVm(sim, { node: node.name, name: `vm-${node.name}-${i + 1}`, agentRunning: k % 4 !== 3, ips: [`10.${octet}.50.${(k % 250) + 2}/24`], running: k % 5 !== 4 });
    }
  }
  sim.broadcast(Date.now());
}
