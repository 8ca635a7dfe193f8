import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/index';
import { ApiClient } from './api';

export const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

export interface TestSim {
  sim: Simulator;
  dataDir: string;
  /** Client with the first token (Kiln's role unless overridden). */
  api: ApiClient;
  client(tokenIndex: number): ApiClient;
  /** Polls a task until it stopped and returns its exit status. */
  waitTask(upid: string): Promise<string>;
  close(opts?: { keepDir?: boolean }): Promise<void>;
}

/** A simulator in a fresh temp dir on random ports, with quick tasks and status broadcasts. */
export async function startTestSim(overrides: Partial<SimulatorOptions> = {}, dataDir?: string): Promise<TestSim> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'kiln-pve-sim-')));
  const sim = await startSimulator({
    dataDir: dir,
    apiPort: 0,
    sshPort: 0,
    ssh: false,
    taskDurationMs: 60,
    statusIntervalMs: 150,
    authFailureDelayMs: 40,
    ...overrides,
  });
  const clients: ApiClient[] = [];
  const client = (i: number): ApiClient => {
    const token = sim.tokens[i];
    if (!token) throw new Error(`no token #${i}`);
    const c = new ApiClient(sim.apiUrl, token.header);
    clients.push(c);
    return c;
  };
  const api = client(0);
  return {
    sim,
    dataDir: dir,
    api,
    client,
    async waitTask(upid) {
      const node = upid.split(':')[1] ?? '';
      for (;;) {
        const st = await api.data<{ status: string; exitstatus?: string }>('GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`);
        if (st.status === 'stopped') return st.exitstatus ?? '';
        await sleep(20);
      }
    },
    async close(opts = {}) {
      clients.forEach((c) => c.close());
      await sim.close();
      if (!opts.keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (no timing assertions: the test timeout bounds it). */
export async function eventually<T>(check: () => Promise<T | undefined>, intervalMs = 25): Promise<T> {
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    await sleep(intervalMs);
  }
}
