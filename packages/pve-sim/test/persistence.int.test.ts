import { describe, expect, it } from 'vitest';
import { startTestSim, TEMPLATE } from './helpers/sim';

describe('state survives a restart', () => {
  it('keeps containers, tasks, token secrets and the TLS certificate', async () => {
    const first = await startTestSim({ nodes: ['pve1', 'pve2'], seedContainersPerNode: 2, taskDurationMs: 400 });
    const dir = first.dataDir;
    const secret = first.sim.tokens[0]?.secret;
    const fingerprint = first.sim.tlsFingerprint;
    const create = await first.api.data<string>('POST', '/nodes/pve2/lxc', { vmid: 900, ostemplate: TEMPLATE, rootfs: 'local-lvm:2', hostname: 'kept' });
    expect(await first.waitTask(create)).toBe('OK');
    expect(await first.waitTask(await first.api.data<string>('POST', '/nodes/pve2/lxc/900/status/start'))).toBe('OK');
    const seeded = await first.api.data<Array<{ vmid: number; name: string; status: string }>>('GET', '/nodes/pve1/lxc');
    // a task still running when the simulator stops dies with it
    const pending = await first.api.data<string>('POST', '/nodes/pve2/lxc/900/status/stop');
    await first.close({ keepDir: true });

    const second = await startTestSim({ nodes: ['pve1', 'pve2'], seedContainersPerNode: 2 }, dir);
    try {
      expect(second.sim.tokens[0]?.secret).toBe(secret);
      expect(second.sim.tlsFingerprint).toBe(fingerprint);
      const config = await second.api.data<Record<string, unknown>>('GET', '/nodes/pve2/lxc/900/config');
      expect(config['hostname']).toBe('kept');
      const current = await second.api.data<{ status: string }>('GET', '/nodes/pve2/lxc/900/status/current');
      expect(current.status).toBe('running');
      const again = await second.api.data<Array<{ vmid: number; name: string; status: string }>>('GET', '/nodes/pve1/lxc');
      expect(again.map((c) => [c.vmid, c.name, c.status])).toEqual(seeded.map((c) => [c.vmid, c.name, c.status]));
      const tasks = await second.api.data<Array<{ upid: string; status: string }>>('GET', '/nodes/pve2/tasks', { source: 'all', vmid: 900 });
      expect(tasks.find((x) => x.upid === create)?.status).toBe('OK');
      expect(tasks.find((x) => x.upid === pending)?.status).toBe('unexpected status');
      const log = await second.api.data<Array<{ t: string }>>('GET', `/nodes/pve2/tasks/${encodeURIComponent(create)}/log`, { limit: 500 });
      expect(log.at(-1)?.t).toBe('TASK OK');
    } finally {
      await second.close();
    }
  });

  it('stores the state file atomically and without world access', async () => {
    const { stat, readdir } = await import('node:fs/promises');
    const sim = await startTestSim({ seedContainersPerNode: 1 });
    try {
      await sim.api.data('PUT', `/nodes/pve1/lxc/100/config`, { description: 'persisted' });
      await new Promise((r) => setImmediate(r));
      const mode = (await stat(`${sim.dataDir}/state.json`)).mode & 0o777;
      expect(mode).toBe(0o600);
      expect((await readdir(sim.dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
