import { liveStats } from '../lxc/facts';
import { agentNetworkInterfaces } from '../qemu/agent';
import { agentSetting, vmDigest, vmFacts } from '../qemu/facts';
import { restoreVm } from '../qemu/restore';
import { VM_POWER_ACTIONS, vmPowerAction, type VmPowerAction } from '../qemu/power';
import type { Sim } from '../sim';
import { poolOf } from '../state/pools';
import { guestRrd } from '../state/rrd';
import type { VmRecord } from '../state/types';
import type { Route } from './types';

const num6 = (v: number): number => Number(v.toFixed(6));
const vmid = (p: Readonly<Record<string, string>>): number => Number(p['vmid']);
const node = (p: Readonly<Record<string, string>>): string => p['node'] ?? '';

/** Live values `PVE::QemuServer::vmstatus` reports (QEMU has no view of the guest's filesystem: `disk` is 0). */
function stats(vm: VmRecord, at: number, status = vm.status) {
  const facts = vmFacts(vm);
  const s = liveStats({ vmid: vm.vmid, status, startedAt: vm.startedAt }, facts, at);
  return {
    facts,
    values: {
      cpus: facts.cpus,
      maxmem: facts.maxmem,
      maxdisk: facts.maxdisk,
      disk: 0,
      mem: s.mem,
      // the QEMU process's own memory on the host, a little above what the guest uses
      memhost: status === 'running' ? Math.round(s.mem * 1.04) : 0,
      uptime: s.uptime,
      cpu: num6(vm.paused ? 0 : s.cpu),
      netin: s.netin,
      netout: s.netout,
      diskread: s.diskread,
      diskwrite: s.diskwrite,
    },
  };
}

/** One entry of `GET /nodes/{node}/qemu`. */
export function qemuStatus(vm: VmRecord): Record<string, unknown> {
  const { facts, values } = stats(vm, Date.now());
  const entry: Record<string, unknown> = { vmid: vm.vmid, status: vm.status, name: facts.name, ...values };
  if (vm.status === 'running' && vm.pid !== undefined) entry['pid'] = vm.pid;
  if (vm.config['tags']) entry['tags'] = vm.config['tags'];
  if (facts.template) entry['template'] = 1;
  if (vm.config['lock']) entry['lock'] = vm.config['lock'];
  return entry;
}

/** A VM as `/cluster/resources` shows it: as of the last `pvestatd` broadcast, like containers. */
export function qemuResource(sim: Sim, vm: VmRecord): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: `qemu/${vm.vmid}`, vmid: vm.vmid, node: vm.node, type: 'qemu', status: 'unknown' };
  const sample = vm.sample;
  if (sample) {
    const { facts, values } = stats(vm, sample.at, sample.status);
    Object.assign(entry, {
      name: sample.name,
      status: sample.status,
      template: sample.template,
      maxcpu: facts.cpus,
      cpu: values.cpu,
      maxmem: values.maxmem,
      mem: values.mem,
      memhost: values.memhost,
      maxdisk: values.maxdisk,
      disk: 0,
      uptime: values.uptime,
      netin: values.netin,
      netout: values.netout,
      diskread: values.diskread,
      diskwrite: values.diskwrite,
    });
  }
  const pool = poolOf(sim.state, vm.vmid);
  if (pool !== undefined) entry['pool'] = pool;
  if (vm.config['tags']) entry['tags'] = vm.config['tags'];
  if (vm.config['lock']) entry['lock'] = vm.config['lock'];
  return entry;
}

/**
 * The config as `GET .../qemu/{vmid}/config` answers it, plus the digest: integer and boolean keys
 * as numbers (per the schema; `memory` is a property string since PVE 8.1, so it stays a string).
 */
function configForApi(sim: Sim, vm: VmRecord): Record<string, string | number> {
  return { ...qemuKeysForApi(sim, vm.config), digest: vmDigest(vm) };
}

/** Config keys (or a snapshot section's) as the config API types them. */
export function qemuKeysForApi(sim: Sim, config: Readonly<Record<string, string>>): Record<string, string | number> {
  const props = sim.index.method('GET', '/nodes/{node}/qemu/{vmid}/config')?.returns?.properties ?? {};
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(config)) {
    const type = props[k]?.type;
    out[k] = (type === 'integer' || type === 'boolean') && /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

function power(action: VmPowerAction): Route {
  return {
    method: 'POST',
    path: `/nodes/{node}/qemu/{vmid}/status/${action}`,
    handle: ({ sim, authid, params }) => vmPowerAction(sim, authid, node(params), vmid(params), action, params).upid,
  };
}

/** qemu-server's API for what Kiln shows of VMs: listing, status, config, power, metrics, agent addresses, restore. */
export function qemuRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/qemu',
      handle: ({ sim, authid, params }) => {
        const n = sim.proxyNode(node(params));
        return sim
          .vmsOn(n.name)
          .filter((vm) => sim.acl.check(authid, `/vms/${vm.vmid}`, ['VM.Audit'], { noerr: true }))
          .map((vm) => qemuStatus(vm));
      },
    },
    // restore only (`archive`): Kiln does not create VMs
    { method: 'POST', path: '/nodes/{node}/qemu', handle: ({ sim, authid, params }) => restoreVm(sim, authid, node(params), params).upid },
    {
      method: 'GET',
      path: '/nodes/{node}/qemu/{vmid}',
      handle: ({ sim, params }) => {
        sim.loadVmConfig(sim.proxyNode(node(params)).name, vmid(params));
        const subdirs = [
          'config',
          'pending',
          'status',
          'unlink',
          'vncproxy',
          'termproxy',
          'migrate',
          'resize',
          'move',
          'rrd',
          'rrddata',
          'monitor',
          'agent',
          'snapshot',
          'spiceproxy',
          'sendkey',
          'firewall',
          'mtunnel',
          'remote_migrate',
        ];
        return subdirs.map((subdir) => ({ subdir }));
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/qemu/{vmid}/config',
      handle: ({ sim, params }) => configForApi(sim, sim.loadVmConfig(sim.proxyNode(node(params)).name, vmid(params))),
    },
    {
      method: 'GET',
      path: '/nodes/{node}/qemu/{vmid}/status',
      handle: ({ sim, params }) => {
        sim.loadVmConfig(sim.proxyNode(node(params)).name, vmid(params));
        return ['current', 'start', 'stop', 'reset', 'shutdown', 'suspend', 'reboot'].map((subdir) => ({ subdir }));
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/qemu/{vmid}/status/current',
      handle: ({ sim, params }) => {
        const vm = sim.loadVmConfig(sim.proxyNode(node(params)).name, vmid(params));
        const out: Record<string, unknown> = { ...qemuStatus(vm), qmpstatus: vm.status === 'running' ? (vm.paused ? 'paused' : 'running') : 'stopped', ha: { managed: 0 } };
        if (agentSetting(vm) === 'enabled') out['agent'] = 1;
        if (vm.status === 'running') Object.assign(out, { 'running-machine': 'pc-q35-10.0+pve1', 'running-qemu': '10.0.2' });
        return out;
      },
    },
    ...VM_POWER_ACTIONS.map(power),
    {
      method: 'GET',
      path: '/nodes/{node}/qemu/{vmid}/rrddata',
      handle: ({ sim, params }) => {
        const vm = sim.vm(vmid(params));
        return guestRrd(vm && { guest: vm, facts: vmFacts(vm), qemu: true }, vmid(params), params['timeframe'] ?? 'hour', params['cf'] ?? 'AVERAGE', Date.now());
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces',
      handle: ({ sim, params }) => agentNetworkInterfaces(sim.loadVmConfig(sim.proxyNode(node(params)).name, vmid(params))),
    },
  ];
}
