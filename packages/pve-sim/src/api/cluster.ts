import { paramError, pveDie } from '../http/errors';
import { containerFacts, liveStats } from '../lxc/facts';
import type { Sim } from '../sim';
import { poolMap, poolOf } from '../state/pools';
import { STORAGES, type StorageDef } from '../state/storage';
import type { ContainerRecord, NodeRecord } from '../state/types';
import { nodeRootUsed, nodeSnapshot, nodeUptime } from './nodes';
import { qemuResource } from './qemu';
import type { Route } from './types';

/**
 * A guest as `/cluster/resources` shows it: identity always, stats only once `pvestatd` has
 * broadcast them (`status: unknown` and no `name` before that), as of that broadcast.
 */
export function vmResource(sim: Sim, ct: ContainerRecord): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: `lxc/${ct.vmid}`, vmid: ct.vmid, node: ct.node, type: 'lxc', status: 'unknown' };
  // An offline node broadcasts nothing: its guests are listed, their state is unknown.
  const sample = sim.node(ct.node)?.offline ? undefined : ct.sample;
  if (sample) {
    const facts = containerFacts(ct, sim.node(ct.node));
    const stats = liveStats({ ...ct, status: sample.status }, facts, sample.at);
    Object.assign(entry, {
      uptime: stats.uptime,
      name: sample.name,
      status: sample.status,
      template: sample.template,
      maxcpu: facts.cpus,
      cpu: Number(stats.cpu.toFixed(6)),
      maxmem: facts.maxmem,
      mem: stats.mem,
      maxdisk: facts.maxdisk,
      disk: stats.disk,
      netin: stats.netin,
      netout: stats.netout,
      diskread: stats.diskread,
      diskwrite: stats.diskwrite,
      // PVE 9.2 sends `memhost: 0` for containers; only QEMU guests have a host-side value
      memhost: 0,
    });
  }
  const pool = poolOf(sim.state, ct.vmid);
  if (pool !== undefined) entry['pool'] = pool;
  if (ct.config['tags']) entry['tags'] = ct.config['tags'];
  if (ct.config['lock']) entry['lock'] = ct.config['lock'];
  return entry;
}

/** A storage on one node as `/cluster/resources` (and a pool's member list) shows it. */
export function storageResource(sim: Sim, node: NodeRecord, def: StorageDef): Record<string, unknown> {
  const u = sim.storage.usage(node, def);
  return {
    id: `storage/${node.name}/${def.id}`,
    storage: def.id,
    node: node.name,
    type: 'storage',
    plugintype: def.type,
    status: 'available',
    shared: def.shared,
    content: def.content.join(','),
    disk: u.used,
    maxdisk: u.total,
  };
}

function resources(sim: Sim, authid: string, type: string | undefined): unknown[] {
  const res: unknown[] = [];
  const now = Date.now();
  if (!type || type === 'vm') {
    const guests: Array<{ vmid: number; entry: () => Record<string, unknown> }> = [
      ...sim.containers().map((ct) => ({ vmid: ct.vmid, entry: () => vmResource(sim, ct) })),
      ...sim.vms().map((vm) => ({ vmid: vm.vmid, entry: () => qemuResource(sim, vm) })),
    ];
    for (const g of guests.sort((a, b) => a.vmid - b.vmid)) {
      if (sim.acl.check(authid, `/vms/${g.vmid}`, ['VM.Audit'], { noerr: true })) res.push(g.entry());
    }
  }
  if (!type || type === 'node') {
    for (const node of sim.state.nodes) {
      const entry: Record<string, unknown> = { id: `node/${node.name}`, node: node.name, type: 'node', status: node.offline ? 'offline' : 'online', level: '' };
      if (!node.offline && sim.acl.check(authid, `/nodes/${node.name}`, ['Sys.Audit'], { noerr: true })) {
        const s = nodeSnapshot(sim, node, now);
        Object.assign(entry, {
          'cgroup-mode': 2,
          uptime: nodeUptime(node, now),
          cpu: Number(s.cpu.toFixed(6)),
          mem: s.mem,
          disk: nodeRootUsed(sim, node),
          maxcpu: node.cpus,
          maxmem: node.memTotal,
          maxdisk: node.rootTotal,
        });
      }
      res.push(entry);
    }
  }
  if (!type || type === 'storage') {
    for (const def of STORAGES) {
      if (!sim.acl.check(authid, `/storage/${def.id}`, ['Datastore.Audit'], { noerr: true })) continue;
      for (const node of sim.state.nodes) res.push(storageResource(sim, node, def));
    }
  }
  // the `type` filter has no `pool` value: pools come with the unfiltered list only
  if (!type) {
    for (const poolid of Object.keys(poolMap(sim.state)).sort()) {
      if (sim.acl.check(authid, `/pool/${poolid}`, ['Pool.Audit'], { noerr: true })) res.push({ id: `/pool/${poolid}`, pool: poolid, type: 'pool' });
    }
  }
  // Since PVE 9.0.12 SDN zones (and fabrics) are `type: network` entries; `type=sdn` still selects them.
  if (!type || type === 'sdn') {
    if (sim.acl.check(authid, '/sdn/zones/localnetwork', ['SDN.Audit', 'SDN.Allocate'], { any: true, noerr: true })) {
      for (const node of sim.state.nodes) {
        res.push({ id: `network/${node.name}/zone/localnetwork`, network: 'localnetwork', 'network-type': 'zone', node: node.name, type: 'network', status: 'ok' });
      }
    }
  }
  return res;
}

export function clusterRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/cluster/status',
      handle: ({ sim }) => {
        const nodes = sim.state.nodes;
        const entries: unknown[] = nodes.map((n, i) => ({
          type: 'node',
          id: `node/${n.name}`,
          name: n.name,
          ip: n.ip,
          level: '',
          local: n.name === sim.localNode.name ? 1 : 0,
          nodeid: nodes.length > 1 ? i + 1 : 0,
          online: n.offline ? 0 : 1,
        }));
        if (nodes.length > 1) entries.unshift({ type: 'cluster', id: 'cluster', name: sim.state.clusterName, nodes: nodes.length, quorate: 1, version: nodes.length });
        return entries;
      },
    },
    { method: 'GET', path: '/cluster/resources', handle: ({ sim, authid, params }) => resources(sim, authid, params['type']) },
    {
      method: 'GET',
      path: '/cluster/nextid',
      handle: ({ sim, params }) => {
        const wanted = params['vmid'];
        // PVE returns these as strings: Perl stringified the number when using it as a hash key
        if (wanted !== undefined) {
          if (!sim.vmidTaken(Number(wanted))) return wanted;
          throw paramError({ vmid: `VM ${wanted} already exists` });
        }
        for (let i = 100; i < 1_000_000; i++) if (!sim.vmidTaken(i)) return String(i);
        throw pveDie('unable to get any free VMID in range [100, 1000000]');
      },
    },
  ];
}
