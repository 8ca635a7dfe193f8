import { configForApi } from '../lxc/config-schema';
import { createContainer } from '../lxc/create';
import { destroyContainer } from '../lxc/destroy';
import { containerFacts, liveStats } from '../lxc/facts';
import { powerAction, type PowerAction } from '../lxc/power';
import { configWithPendingApplied, pendingArray } from '../lxc/pending';
import { resizeContainerDisk } from '../lxc/resize';
import { containerDigest, snapshotConfig } from '../lxc/snapshot';
import { updateContainerConfig } from '../lxc/update';
import type { Sim } from '../sim';
import { containerInterfaces } from '../state/network';
import { containerRrd } from '../state/rrd';
import type { ContainerRecord } from '../state/types';
import type { Route } from './types';

const num6 = (v: number): number => Number(v.toFixed(6));

/**
 * PSI of a running container as `read_cgroup_pressure` gives it: pve-common's `parse_pressure`
 * keeps the `avg10=` fields of `/sys/fs/cgroup/lxc/<vmid>/*.pressure` as the text it matched, so
 * they are strings with two decimals (a percentage), not numbers: `"0.00"`.
 */
function pressureStrings(fraction: number): Record<string, string> {
  const pct = (v: number): string => (v * 100).toFixed(2);
  return {
    pressurecpusome: pct(fraction),
    pressurecpufull: pct(fraction / 2),
    pressureiosome: pct(0),
    pressureiofull: pct(0),
    pressurememorysome: pct(0),
    pressurememoryfull: pct(0),
  };
}

/** One entry of `PVE::LXC::vmstatus`: live values from the node itself (no broadcast lag). */
export function vmStatus(sim: Sim, ct: ContainerRecord): Record<string, unknown> {
  const facts = containerFacts(ct, sim.node(ct.node));
  const s = liveStats(ct, facts, Date.now());
  const entry: Record<string, unknown> = {
    vmid: ct.vmid,
    type: 'lxc',
    status: ct.status,
    name: facts.name,
    cpus: facts.cpus,
    maxmem: facts.maxmem,
    maxswap: facts.maxswap,
    maxdisk: facts.maxdisk,
    disk: s.disk,
    mem: s.mem,
    swap: s.swap,
    uptime: s.uptime,
    cpu: num6(s.cpu),
    netin: s.netin,
    netout: s.netout,
    diskread: s.diskread,
    diskwrite: s.diskwrite,
  };
  if (ct.status === 'running') {
    Object.assign(entry, { pid: ct.pid, ...pressureStrings(s.pressure) });
  }
  if (ct.config['tags']) entry['tags'] = ct.config['tags'];
  if (facts.template) entry['template'] = 1;
  if (ct.config['lock']) entry['lock'] = ct.config['lock'];
  return entry;
}

const vmid = (p: Readonly<Record<string, string>>): number => Number(p['vmid']);
const node = (p: Readonly<Record<string, string>>): string => p['node'] ?? '';

function power(action: PowerAction): Route {
  return {
    method: 'POST',
    path: `/nodes/{node}/lxc/{vmid}/status/${action}`,
    handle: async ({ sim, authid, params }) => (await powerAction(sim, authid, node(params), vmid(params), action, params)).upid,
  };
}

export function lxcRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/lxc',
      handle: ({ sim, authid, params }) => {
        const n = sim.proxyNode(node(params));
        return sim
          .containersOn(n.name)
          .filter((ct) => sim.acl.check(authid, `/vms/${ct.vmid}`, ['VM.Audit'], { noerr: true }))
          .map((ct) => vmStatus(sim, ct));
      },
    },
    { method: 'POST', path: '/nodes/{node}/lxc', handle: ({ sim, authid, params }) => createContainer(sim, authid, node(params), params).upid },
    {
      method: 'GET',
      path: '/nodes/{node}/lxc/{vmid}',
      handle: ({ sim, params }) => {
        sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params));
        const subdirs = ['config', 'pending', 'status', 'vncproxy', 'termproxy', 'vncwebsocket', 'spiceproxy', 'migrate', 'clone', 'rrd', 'rrddata', 'firewall', 'snapshot', 'resize', 'interfaces'];
        return subdirs.map((subdir) => ({ subdir }));
      },
    },
    {
      method: 'DELETE',
      path: '/nodes/{node}/lxc/{vmid}',
      handle: ({ sim, authid, params }) => destroyContainer(sim, authid, node(params), vmid(params), params).upid,
    },
    {
      method: 'GET',
      path: '/nodes/{node}/lxc/{vmid}/config',
      handle: ({ sim, params }) => {
        const ct = sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params));
        const snapname = params['snapshot'];
        if (snapname !== undefined) {
          // the snapshot's section, with the digest of the whole file
          const snap = snapshotConfig(ct, snapname);
          return { ...configForApi(snap.config, containerDigest(ct)), snaptime: snap.snaptime, ...(snap.description ? { description: snap.description } : {}) };
        }
        // pending values are shown unless `current=1` asks for what is in force
        return configForApi(params['current'] === '1' ? ct.config : configWithPendingApplied(ct), containerDigest(ct));
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/lxc/{vmid}/pending',
      handle: ({ sim, params }) => {
        const ct = sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params));
        return pendingArray(ct, containerDigest(ct));
      },
    },
    {
      method: 'PUT',
      path: '/nodes/{node}/lxc/{vmid}/resize',
      handle: ({ sim, authid, params }) => resizeContainerDisk(sim, authid, node(params), vmid(params), params).upid,
    },
    {
      method: 'PUT',
      path: '/nodes/{node}/lxc/{vmid}/config',
      handle: async ({ sim, authid, params }) => {
        await updateContainerConfig(sim, authid, node(params), vmid(params), params);
        return null;
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/lxc/{vmid}/status',
      handle: ({ sim, params }) => {
        sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params));
        return ['current', 'start', 'stop', 'shutdown', 'migrate'].map((subdir) => ({ subdir }));
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/lxc/{vmid}/status/current',
      handle: ({ sim, params }) => {
        const ct = sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params));
        return { ...vmStatus(sim, ct), ha: { managed: 0 } };
      },
    },
    power('start'),
    power('stop'),
    power('shutdown'),
    power('reboot'),
    {
      method: 'GET',
      path: '/nodes/{node}/lxc/{vmid}/rrddata',
      handle: ({ sim, params }) => {
        const ct = sim.container(vmid(params));
        return containerRrd(ct, vmid(params), ct ? sim.node(ct.node) : undefined, params['timeframe'] ?? 'hour', params['cf'] ?? 'AVERAGE', Date.now());
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/lxc/{vmid}/interfaces',
      handle: ({ sim, params }) => {
        const ct = sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params));
        return ct.status === 'running' ? containerInterfaces(ct) : null;
      },
    },
  ];
}
