/**
 * How long Kiln spends on `/cluster/resources`, the answer its poller fetches every few seconds:
 * parsing + normalizing a 3-node x 300-container body, and the full round trip to the simulator.
 * Prints `name: value unit` lines; measures only, asserts nothing.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@kiln/pve-sim';
import { clusterResourcesSchema, PveClient } from '../src';

const NODES = ['pve1', 'pve2', 'pve3'];
const PER_NODE = 300;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (v: number): string => v.toFixed(3);

/** A body shaped like a real PVE 8/9 answer: guests in all states, nodes, storages, sdn. */
function realisticBody(): string {
  const data: Array<Record<string, unknown>> = [];
  let vmid = 100;
  NODES.forEach((node, n) => {
    data.push({
      id: `node/${node}`,
      type: 'node',
      node,
      status: 'online',
      cpu: 0.0234 + n / 100,
      maxcpu: 32,
      mem: 18250235904,
      maxmem: 137438953472,
      disk: 14573821952,
      maxdisk: 100861726720,
      uptime: 1893412,
      level: '',
      'cgroup-mode': 2,
    });
    for (const storage of ['local', 'local-lvm']) {
      data.push({
        id: `storage/${node}/${storage}`,
        type: 'storage',
        storage,
        node,
        status: 'available',
        plugintype: storage === 'local' ? 'dir' : 'lvmthin',
        content: storage === 'local' ? 'backup,iso,vztmpl' : 'images,rootdir',
        shared: 0,
        disk: 51539607552,
        maxdisk: 375809638400,
      });
    }
    data.push({ id: `network/${node}/zone/localnetwork`, type: 'network', network: 'localnetwork', 'network-type': 'zone', node, status: 'ok' });
    for (let i = 0; i < PER_NODE; i++, vmid++) {
      if (i % 50 === 49) {
        data.push({ id: `lxc/${vmid}`, type: 'lxc', vmid, node, status: 'unknown', name: `ct-${vmid}` });
        continue;
      }
      const running = i % 3 !== 0;
      data.push({
        id: `lxc/${vmid}`,
        type: 'lxc',
        vmid,
        name: `ct-${vmid}`,
        node,
        status: running ? 'running' : 'stopped',
        cpu: running ? Math.random() / 10 : 0,
        maxcpu: 2,
        mem: running ? 134217728 + i : 0,
        maxmem: 536870912,
        disk: 987654321,
        maxdisk: 8589934592,
        diskread: 123456 * i,
        diskwrite: 654321 * i,
        netin: 1048576 * i,
        netout: 2097152 * i,
        uptime: running ? 3600 + i : 0,
        template: 0,
        tags: i % 4 === 0 ? 'web;prod' : 'db',
        ...(i % 97 === 0 ? { lock: 'backup' } : {}),
      });
    }
  });
  return JSON.stringify({ data });
}

function benchParse(): void {
  const body = realisticBody();
  const run = (): number => {
    const t0 = performance.now();
    const env = JSON.parse(body) as { data: unknown };
    const parsed = clusterResourcesSchema.parse(env.data);
    const t1 = performance.now();
    if (parsed.length !== NODES.length * (PER_NODE + 3)) throw new Error(`unexpected count ${parsed.length}`);
    return t1 - t0;
  };
  for (let i = 0; i < 30; i++) run(); // warm up the JIT
  const samples = Array.from({ length: 300 }, run);
  console.log(`parse /cluster/resources (3 nodes x 300 containers) p50: ${ms(percentile(samples, 50))} ms`);
  console.log(`parse /cluster/resources (3 nodes x 300 containers) p95: ${ms(percentile(samples, 95))} ms`);
  console.log(`parse /cluster/resources body size: ${(body.length / 1024).toFixed(1)} KiB`);
}

// Seeding 900 containers takes the simulator minutes, restarting on its saved state milliseconds:
// keep the seeded data dir between runs (the benchmark only reads), reseed if it does not fit.
const SIM_DIR = join(tmpdir(), `kiln-pve-bench-sim-${NODES.length}x${PER_NODE}`);

async function seededSimulator(): Promise<{ sim: Simulator; client: PveClient }> {
  for (let attempt = 0; ; attempt++) {
    let sim: Simulator | undefined;
    try {
      sim = await startSimulator({
        dataDir: SIM_DIR,
        apiPort: 0,
        sshPort: 0,
        ssh: false,
        nodes: NODES,
        seedContainersPerNode: PER_NODE,
        authFailureDelayMs: 50,
      });
      const client = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header, fingerprint: sim.tlsFingerprint });
      const guests = (await client.clusterResources('vm')).length; // also opens the kept-alive connection
      if (guests === NODES.length * PER_NODE) return { sim, client };
      await client.close();
      throw new Error(`cached simulator has ${guests} guests`);
    } catch (err) {
      await sim?.close();
      if (attempt > 0) throw err;
      await rm(SIM_DIR, { recursive: true, force: true });
    }
  }
}

async function benchRoundTrip(): Promise<void> {
  const { sim, client } = await seededSimulator();
  try {
    for (let i = 0; i < 10; i++) await client.clusterResources();
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await client.clusterResources();
      samples.push(performance.now() - t0);
    }
    console.log(`clusterResources round trip p50 against the simulator (3x300): ${ms(percentile(samples, 50))} ms`);
    console.log(`clusterResources round trip p95 against the simulator (3x300): ${ms(percentile(samples, 95))} ms`);
  } finally {
    await client.close();
    await sim.close();
  }
}

benchParse();
await benchRoundTrip();
