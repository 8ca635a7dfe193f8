import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returnsViolations } from './helpers/returns';
import { startTestSim, type TestSim } from './helpers/sim';

let t: TestSim;

beforeAll(async () => {
  t = await startTestSim({
    nodes: ['pve1', 'pve2'],
    statusIntervalMs: 3_600_000,
    tokens: [{ id: 'kiln@pve!kiln' }, { id: 'audit@pve!ro', privileges: { '/': ['VM.Audit', 'Sys.Audit'] } }],
  });
});
afterAll(async () => {
  await t?.close();
});

type Answer = Awaited<ReturnType<TestSim['api']['get']>>;
const refusal = (res: Answer): [number, string] => [res.status, res.reason];

describe('QEMU VMs', () => {
  it('lists a VM on its node, in /cluster/resources after the broadcast, with schema-valid shapes', async () => {
    const vmid = t.sim.addVm({ node: 'pve2', name: 'win-11', cores: 4, memoryMb: 8192, diskGb: 64, tags: 'Lab;prod', ips: ['10.10.0.50/24', 'fd00::50/64'] });
    const list = await t.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve2/qemu');
    const entry = list.find((v) => v.vmid === vmid);
    expect(entry).toMatchObject({ vmid, name: 'win-11', status: 'running', cpus: 4, maxmem: 8192 * 1024 ** 2, maxdisk: 64 * 1024 ** 3, disk: 0, tags: 'lab;prod' });
    expect(returnsViolations('GET', '/nodes/{node}/qemu', list)).toEqual([]);
    expect((await t.api.data<unknown[]>('GET', '/nodes/pve1/qemu')).some((v) => (v as { vmid: number }).vmid === vmid)).toBe(false);

    const before = (await t.api.data<Array<Record<string, unknown>>>('GET', '/cluster/resources', { type: 'vm' })).find((r) => r.vmid === vmid);
    expect(before).toEqual({ id: `qemu/${vmid}`, vmid, node: 'pve2', type: 'qemu', status: 'unknown', tags: 'lab;prod' });
    t.sim.broadcastStatus();
    const after = (await t.api.data<Array<Record<string, unknown>>>('GET', '/cluster/resources', { type: 'vm' })).find((r) => r.vmid === vmid);
    expect(after).toMatchObject({ id: `qemu/${vmid}`, type: 'qemu', status: 'running', name: 'win-11', maxcpu: 4, template: 0 });
    expect(returnsViolations('GET', '/cluster/resources', [after])).toEqual([]);

    const cur = await t.api.data<Record<string, unknown>>('GET', `/nodes/pve2/qemu/${vmid}/status/current`);
    expect(cur).toMatchObject({ vmid, status: 'running', qmpstatus: 'running', agent: 1, ha: { managed: 0 } });
    expect(returnsViolations('GET', '/nodes/{node}/qemu/{vmid}/status/current', cur)).toEqual([]);
    const config = await t.api.data<Record<string, unknown>>('GET', `/nodes/pve2/qemu/${vmid}/config`);
    expect(config).toMatchObject({ name: 'win-11', cores: 4, memory: '8192', agent: '1', tags: 'lab;prod' });
    expect(config['digest']).toMatch(/^[0-9a-f]{40}$/);
    expect(returnsViolations('GET', '/nodes/{node}/qemu/{vmid}/config', config)).toEqual([]);

    const rrd = await t.api.data<Array<Record<string, number>>>('GET', `/nodes/pve2/qemu/${vmid}/rrddata`, { timeframe: 'hour' });
    expect(rrd.length).toBe(60);
    expect(returnsViolations('GET', '/nodes/{node}/qemu/{vmid}/rrddata', rrd)).toEqual([]);

    // a VM's config lives on its node only, with qemu-server's path in the text
    expect(refusal(await t.api.get(`/nodes/pve1/qemu/${vmid}/status/current`))).toEqual([500, `Configuration file 'nodes/pve1/qemu-server/${vmid}.conf' does not exist`]);
    // and the VMID is taken for containers too
    expect((await t.api.get('/cluster/nextid', { vmid })).body?.errors).toEqual({ vmid: `VM ${vmid} already exists` });
  });

  it('reports guest agent addresses in QGA shape, and PVE texts when the agent cannot answer', async () => {
    const vmid = t.sim.addVm({ name: 'agent-vm', ips: ['10.10.0.61/24'] });
    const ifs = await t.api.data<{ result: Array<{ name: string; 'hardware-address': string; 'ip-addresses': Array<{ 'ip-address': string; 'ip-address-type': string; prefix: number }> }> }>(
      'GET',
      `/nodes/pve1/qemu/${vmid}/agent/network-get-interfaces`,
    );
    expect(ifs.result.map((i) => i.name)).toEqual(['lo', 'ens18']);
    expect(ifs.result[1]?.['ip-addresses']).toEqual([{ 'ip-address': '10.10.0.61', 'ip-address-type': 'ipv4', prefix: 24 }]);
    expect(ifs.result[1]?.['hardware-address']).toMatch(/^bc:24:11(:[0-9a-f]{2}){3}$/);

    t.sim.setVmAgent(vmid, { running: false });
    expect(refusal(await t.api.get(`/nodes/pve1/qemu/${vmid}/agent/network-get-interfaces`))).toEqual([500, 'QEMU guest agent is not running']);

    const noAgent = t.sim.addVm({ name: 'no-agent', agent: false });
    expect(refusal(await t.api.get(`/nodes/pve1/qemu/${noAgent}/agent/network-get-interfaces`))).toEqual([500, 'No QEMU guest agent configured']);
    const stopped = t.sim.addVm({ name: 'stopped-vm', running: false });
    expect(refusal(await t.api.get(`/nodes/pve1/qemu/${stopped}/agent/network-get-interfaces`))).toEqual([500, `VM ${stopped} is not running`]);

    // VM.Audit alone does not reach the agent
    const ro = t.client(1);
    expect(refusal(await ro.get(`/nodes/pve1/qemu/${vmid}/agent/network-get-interfaces`))).toEqual([403, `Permission check failed (/vms/${vmid}, VM.GuestAgent.Audit|VM.GuestAgent.Unrestricted)`]);
  });

  it('power actions run qm* tasks and refuse with qemu-server texts', async () => {
    const vmid = t.sim.addVm({ name: 'power-vm', running: false });
    const base = `/nodes/pve1/qemu/${vmid}/status`;
    // refused before a task starts
    for (const action of ['reboot', 'reset', 'suspend', 'resume']) {
      expect(refusal(await t.api.post(`${base}/${action}`)), action).toEqual([500, `VM ${vmid} not running`]);
    }
    // stop of a stopped VM is a no-op task
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/stop`))).toBe('OK');

    const start = await t.api.data<string>('POST', `${base}/start`);
    expect(start).toMatch(new RegExp(`^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmstart:${vmid}:kiln@pve!kiln:$`));
    expect(await t.waitTask(start)).toBe('OK');
    // start of a running VM fails inside the task, as vm_start checks under the config lock
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/start`))).toBe(`VM ${vmid} already running`);

    const suspend = await t.api.data<string>('POST', `${base}/suspend`);
    expect(suspend).toContain(':qmsuspend:');
    expect(await t.waitTask(suspend)).toBe('OK');
    expect(await t.api.data('GET', `${base}/current`)).toMatchObject({ status: 'running', qmpstatus: 'paused' });
    expect(refusal(await t.api.post(`${base}/shutdown`))).toEqual([500, 'VM is paused - cannot shutdown']);
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/resume`))).toBe('OK');
    expect(await t.api.data('GET', `${base}/current`)).toMatchObject({ qmpstatus: 'running' });

    for (const action of ['reboot', 'reset']) {
      const upid = await t.api.data<string>('POST', `${base}/${action}`);
      expect(upid).toContain(`:qm${action}:`);
      expect(await t.waitTask(upid)).toBe('OK');
    }
    const shutdown = await t.api.data<string>('POST', `${base}/shutdown`);
    expect(await t.waitTask(shutdown)).toBe('OK');
    expect(await t.api.data('GET', `${base}/current`)).toMatchObject({ status: 'stopped', qmpstatus: 'stopped' });

    // VM.Audit alone may not power a VM
    expect(refusal(await t.client(1).post(`${base}/start`))).toEqual([403, `Permission check failed (/vms/${vmid}, VM.PowerMgmt)`]);
  });
});
