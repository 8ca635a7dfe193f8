import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PveError } from '../src';
import { startSimHarness, type SimHarness } from './helpers/sim';
import { caught } from './helpers/caught';

let h: SimHarness;

beforeAll(async () => {
  h = await startSimHarness({ taskDurationMs: 100, seedContainersPerNode: 1 });
});
afterAll(async () => {
  await h?.close();
});

describe('QEMU VMs through the client', () => {
  it('lists, reads status and config, and lists VMs in cluster resources as qemu', async () => {
    const vmid = h.sim.addVm({ node: 'pve2', name: 'nas', cores: 2, memoryMb: 4096, tags: 'storage', ips: ['10.10.0.70/24'] });
    const list = await h.client.qemuList('pve2');
    expect(list.find((v) => v.vmid === vmid)).toMatchObject({ name: 'nas', status: 'running', cpus: 2, maxmem: 4096 * 1024 ** 2, tags: ['storage'], template: false });
    expect(await h.client.qemuStatus('pve2', vmid)).toMatchObject({ status: 'running', qmpstatus: 'running', agent: true });
    const config = await h.client.qemuConfig('pve2', vmid);
    expect(config).toMatchObject({ name: 'nas', cores: '2', memory: '4096' });
    expect(config.digest).toMatch(/^[0-9a-f]{40}$/);
    h.sim.broadcastStatus();
    const res = (await h.client.clusterResources('vm')).find((r) => r.vmid === vmid);
    expect(res).toMatchObject({ type: 'qemu', name: 'nas', status: 'running', node: 'pve2' });
    expect((await h.client.rrddata('pve2', { vmid, type: 'qemu', timeframe: 'hour' })).length).toBe(60);
  });

  it('reads agent addresses, and classifies "agent not running"', async () => {
    const vmid = h.sim.addVm({ name: 'agent', ips: ['10.10.0.71/24', 'fd00::71/64'] });
    const ifs = await h.client.qemuAgentInterfaces('pve1', vmid);
    expect(ifs.find((i) => i.name === 'ens18')?.['ip-addresses'].map((a) => a['ip-address'])).toEqual(['10.10.0.71', 'fd00::71']);
    h.sim.setVmAgent(vmid, { running: false });
    const err = await caught(h.client.qemuAgentInterfaces('pve1', vmid));
    expect(err.message).toBe('QEMU guest agent is not running');
    expect(err.kind).toBe('not-running');
  });

  it('power actions return qm* UPIDs; refusals keep PVE texts', async () => {
    const vmid = h.sim.addVm({ name: 'pwr', running: false });
    const refused = await caught(h.client.qemuPower('pve1', vmid, 'reboot'));
    expect([refused.kind, refused.message]).toEqual(['not-running', `VM ${vmid} not running`]);
    const start = await h.client.qemuPower('pve1', vmid, 'start');
    expect(start).toContain(`:qmstart:${vmid}:`);
    expect((await h.client.waitForTask(start, { pollInterval: 30 })).exitstatus).toBe('OK');
    const again = await h.client.waitForTask(await h.client.qemuPower('pve1', vmid, 'start'), { pollInterval: 30 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(PveError);
    expect((again as PveError).message).toContain(`VM ${vmid} already running`);
  });
});
