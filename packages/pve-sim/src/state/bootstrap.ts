import { unit } from './hash';
import type { StorageService } from './storage';
import type { NodeRecord, PersistedState } from './types';

const GiB = 1024 ** 3;
const CPU_MODELS = ['AMD EPYC 7313P 16-Core Processor', 'Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz', 'AMD Ryzen 9 7950X 16-Core Processor', 'Intel(R) Core(TM) i7-12700 CPU'];

/** A node with deterministic hardware and an uptime of a few days to weeks. */
export function newNode(name: string, index: number, now: number): NodeRecord {
  const cpus = [8, 16, 24, 32][Math.floor(unit(name, 'cpus') * 4)] ?? 16;
  return {
    name,
    ip: `192.168.100.${11 + index}`,
    bootTime: now - Math.round((3 + 40 * unit(name, 'uptime')) * 86_400_000),
    cpus,
    cpuModel: CPU_MODELS[Math.floor(unit(name, 'model') * CPU_MODELS.length)] ?? 'QEMU Virtual CPU',
    memTotal: ([32, 64, 128][Math.floor(unit(name, 'mem') * 3)] ?? 64) * GiB,
    rootTotal: Math.round(94.3 * GiB),
  };
}

export function emptyState(): PersistedState {
  return { version: 1, clusterName: 'kiln-sim', nodes: [], containers: {}, volumes: {}, tasks: {}, tokenSecrets: {}, lastPid: {} };
}

/** Adds nodes named in the options that the state does not have yet (never removes any). */
export function reconcileNodes(state: PersistedState, storage: StorageService, names: readonly string[], now: number): void {
  for (const name of names) {
    if (state.nodes.some((n) => n.name === name)) continue;
    const node = newNode(name, state.nodes.length, now);
    state.nodes.push(node);
    storage.initNode(node, now);
  }
}
