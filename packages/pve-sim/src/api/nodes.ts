import { createHash } from 'node:crypto';
import type { Sim } from '../sim';
import { unit } from '../state/hash';
import { nodeMembers, nodeRrd, nodeSample } from '../state/rrd';
import { storageDef } from '../state/storage';
import type { NodeRecord } from '../state/types';
import type { Route } from './types';

/** The PVE release the simulator claims to be (pve-manager 9.1.x on kernel 6.17). */
export const PVE_VERSION = { version: '9.1.1', release: '9.1', repoid: '42db4a6cf33dac83' };
const KERNEL = { sysname: 'Linux', release: '6.17.2-1-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)', machine: 'x86_64' };

export function nodeUptime(node: NodeRecord, now: number): number {
  return Math.floor((now - node.bootTime) / 1000);
}

/** Root filesystem usage of the node (`local` lives on it). */
export function nodeRootUsed(sim: Sim, node: NodeRecord): number {
  const local = storageDef('local');
  return local ? sim.storage.usage(node, local).used : Math.round(node.rootTotal * 0.1);
}

export function nodeSnapshot(sim: Sim, node: NodeRecord, now: number): { cpu: number; mem: number; loadavg: number } {
  return nodeSample(node, nodeMembers(node, sim.containersOn(node.name)), now / 1000);
}

/** SHA-256 fingerprint of a node's certificate; other nodes get a stable stand-in value. */
export function nodeFingerprint(sim: Sim, node: NodeRecord, localFingerprint: string): string {
  if (node.name === sim.localNode.name) return localFingerprint;
  const digest = createHash('sha256').update(`${sim.state.clusterName}/${node.name}`).digest('hex').toUpperCase();
  return digest.match(/../g)?.join(':') ?? digest;
}

export function nodeRoutes(localFingerprint: () => string): Route[] {
  return [
    { method: 'GET', path: '/version', handle: () => ({ ...PVE_VERSION }) },
    {
      method: 'GET',
      path: '/nodes',
      handle: ({ sim }) => {
        const now = Date.now();
        return sim.state.nodes.map((node) => {
          const s = nodeSnapshot(sim, node, now);
          return {
            node: node.name,
            id: `node/${node.name}`,
            type: 'node',
            status: 'online',
            level: '',
            ssl_fingerprint: nodeFingerprint(sim, node, localFingerprint()),
            uptime: nodeUptime(node, now),
            cpu: Number(s.cpu.toFixed(6)),
            maxcpu: node.cpus,
            mem: s.mem,
            maxmem: node.memTotal,
            disk: nodeRootUsed(sim, node),
            maxdisk: node.rootTotal,
          };
        });
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/status',
      handle: ({ sim, params }) => {
        const node = sim.proxyNode(params['node'] ?? '');
        const now = Date.now();
        const s = nodeSnapshot(sim, node, now);
        const rootUsed = nodeRootUsed(sim, node);
        const load = (f: number): string => (s.loadavg * f).toFixed(2);
        return {
          uptime: nodeUptime(node, now),
          idle: 0,
          wait: Number((0.001 + 0.004 * unit(node.name, 'wait', Math.floor(now / 10000))).toFixed(6)),
          cpu: Number(s.cpu.toFixed(6)),
          loadavg: [load(1), load(0.95), load(0.9)],
          cpuinfo: {
            model: node.cpuModel,
            sockets: 1,
            cores: node.cpus / 2,
            cpus: node.cpus,
            mhz: '3400.000',
            hvm: '1',
            flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov',
            user_hz: 100,
          },
          memory: { total: node.memTotal, used: s.mem, free: node.memTotal - s.mem, available: node.memTotal - s.mem },
          swap: { total: 8 * 1024 ** 3, used: Math.round(0.01 * 1024 ** 3), free: Math.round(7.99 * 1024 ** 3) },
          rootfs: { total: node.rootTotal, used: rootUsed, free: node.rootTotal - rootUsed, avail: node.rootTotal - rootUsed },
          ksm: { shared: 0 },
          kversion: `${KERNEL.sysname} ${KERNEL.release} ${KERNEL.version}`,
          pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid}`,
          'current-kernel': { ...KERNEL },
          'boot-info': { mode: 'efi', secureboot: 0 },
        };
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/rrddata',
      handle: ({ sim, params }) => {
        const name = params['node'] ?? '';
        const node = sim.node(name);
        const rootUsed = node ? nodeRootUsed(sim, node) : 0;
        return nodeRrd(node, name, sim.containersOn(name), params['timeframe'] ?? 'hour', params['cf'] ?? 'AVERAGE', Date.now(), rootUsed);
      },
    },
  ];
}
