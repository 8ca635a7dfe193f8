import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;

beforeAll(async () => {
  t = await startTestSim({ seedContainersPerNode: 1 });
  await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:1', hostname: 'viewed' }));
});
afterAll(async () => {
  await t?.close();
});

describe('the cluster view (what `pct` on the SSH side uses)', () => {
  it('describes containers with their root directory and raw config', () => {
    const info = t.sim.view.getContainer(300);
    expect(info).toMatchObject({ vmid: 300, node: 'pve1', hostname: 'viewed', status: 'stopped', unprivileged: true });
    expect(info?.config['rootfs']).toBe('local-lvm:vm-300-disk-0,size=1G');
    expect(info?.rootDir).toBe(join(t.dataDir, 'rootfs', '300'));
    expect(existsSync(join(info?.rootDir ?? '', 'etc'))).toBe(true);
    expect(t.sim.view.getContainer(12345)).toBeUndefined();
    expect(t.sim.view.nodeNames).toEqual(['pve1']);
  });

  it('lets root set options API tokens may not, and shows them over the API', async () => {
    t.sim.view.setContainerConfig(300, { features: 'nesting=1,keyctl=1', 'lxc.apparmor.profile': 'unconfined' }, []);
    const config = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/300/config');
    expect(config['features']).toBe('keyctl=1,nesting=1');
    // the token still may not change them back
    const res = await t.api.put('/nodes/pve1/lxc/300/config', { features: 'nesting=1' });
    expect(res.reason).toBe('Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)');
  });

  it('refuses invalid values with the text pct prints', () => {
    expect(() => t.sim.view.setContainerConfig(300, { memory: 'lots' }, [])).toThrow("400 Parameter verification failed.\nmemory: type check ('integer') failed - got 'lots'\n");
    expect(() => t.sim.view.setContainerConfig(300, {}, ['rootfs'])).toThrow("unable to delete required option 'rootfs'");
  });

  it('starts and stops like `pct start` / `pct stop`, rejecting with PVE messages', async () => {
    await t.sim.view.startContainer(300);
    expect(t.sim.view.getContainer(300)?.status).toBe('running');
    await expect(t.sim.view.startContainer(300)).rejects.toThrow('CT 300 already running');
    await t.sim.view.stopContainer(300);
    await expect(t.sim.view.stopContainer(300)).rejects.toThrow('CT 300 not running');
    const tasks = await t.api.data<Array<{ type: string; user: string }>>('GET', '/nodes/pve1/tasks', { vmid: 300 });
    expect(tasks.slice(0, 2).map((x) => [x.type, x.user])).toEqual([
      ['vzstop', 'root@pam'],
      ['vzstart', 'root@pam'],
    ]);
  });

  it('lays out a seeded container’s filesystem on first use', async () => {
    const seeded = t.sim.view.getContainer(100);
    expect(seeded).toBeDefined();
    expect(existsSync(join(seeded?.rootDir ?? '', 'etc'))).toBe(false);
    await t.sim.view.prepareContainer?.(100);
    expect(existsSync(join(seeded?.rootDir ?? '', 'etc'))).toBe(true);
  });
});
