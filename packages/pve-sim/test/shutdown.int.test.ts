import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { eventually, startTestSim, TEMPLATE } from './helpers/sim';

/** Removes the data dir the way a test harness does: no retries, so a late writer fails it. */
async function removeAndWatch(dir: string): Promise<boolean> {
  await rm(dir, { recursive: true });
  await sleep(300);
  return existsSync(dir);
}

describe('close()', () => {
  it('waits for a create worker that is laying out the root filesystem, and persists its outcome', async () => {
    const first = await startTestSim({ taskDurationMs: 20 });
    const dir = first.dataDir;
    const upid = await first.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 200, ostemplate: TEMPLATE, rootfs: 'local-lvm:1', hostname: 'late' });
    // the worker's effect has begun once its root filesystem directory exists
    await eventually(async () => (existsSync(join(dir, 'rootfs', '200')) ? true : undefined), 1);
    await first.close({ keepDir: true });

    const second = await startTestSim({}, dir);
    try {
      const status = await second.api.data<{ status: string; exitstatus: string }>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`);
      expect(status).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
      const config = await second.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/200/config');
      expect(config).toMatchObject({ hostname: 'late', rootfs: 'local-lvm:vm-200-disk-0,size=1G' });
      expect(config['lock']).toBeUndefined();
    } finally {
      await second.close({ keepDir: true });
    }
    expect(await removeAndWatch(dir)).toBe(false);
  });

  it('waits for a seeded container’s root filesystem being laid out', async () => {
    const t = await startTestSim({ seedContainersPerNode: 1 });
    let prepared = false;
    void t.sim.view.prepareContainer?.(100).then(() => {
      prepared = true;
    });
    await t.close({ keepDir: true });
    expect(prepared).toBe(true);
    expect(existsSync(join(t.dataDir, 'rootfs', '100', 'etc'))).toBe(true);
    expect(await removeAndWatch(t.dataDir)).toBe(false);
  });

  it('kills workers still waiting for their time: they read as "unexpected status" without a final log line', async () => {
    const first = await startTestSim({ seedContainersPerNode: 1, taskDurationMs: 30_000 });
    const upid = await first.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' });
    await first.close({ keepDir: true });
    const second = await startTestSim({}, first.dataDir);
    try {
      const status = await second.api.data<{ exitstatus: string }>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`);
      expect(status.exitstatus).toBe('unexpected status');
      const log = await second.api.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 });
      expect(log.some((l) => l.t.startsWith('TASK '))).toBe(false);
      // like after a node crash during create: the config stays locked
      expect((await second.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/300/config'))['lock']).toBe('create');
    } finally {
      await second.close();
    }
  });
});
