import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { runAction } from '../helpers/operations';
import { closeSim, owner, startSim, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let withAgent: number;
let noAgent: number;
let stopped: number;

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  withAgent = sim.addVm({ node: 'pve2', name: 'nas-vm', cores: 4, memoryMb: 4096, tags: 'storage', ips: ['10.10.50.7/24', 'fd00::7/64'] });
  noAgent = sim.addVm({ node: 'pve1', name: 'agentless-vm', agentRunning: false });
  stopped = sim.addVm({ node: 'pve1', name: 'cold-vm', running: false });
  sim.broadcastStatus();
  a = await owner(webUrl, sim);
});

afterAll(() => closeSim({ sim, pve }));

/** The page once the worker's poll shows what `ready` looks for (polls come every 5 s). */
async function pageWhen(path: string, ready: (html: string) => boolean): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await a.web.page(path);
    expect(page.status).toBe(200);
    if (ready(page.html) || Date.now() > deadline) return page.html;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const rowOf = (html: string, vmid: number): string => html.match(new RegExp(`<tr[^>]*data-vmid="${vmid}"[^>]*>.*?</tr>`, 's'))?.[0] ?? '';

describe('VMs and addresses in the containers table', () => {
  it('lists VMs with a VM badge, their agent addresses, or that the agent is not running; type:vm keeps only them', async () => {
    const html = await pageWhen('/containers?q=type%3Avm', (h) => h.includes('10.10.50.7') && h.includes('agent not running'));
    expect(rowOf(html, withAgent)).toContain('>VM<');
    expect(rowOf(html, withAgent)).toContain('10.10.50.7');
    expect(rowOf(html, withAgent)).toContain('fd00::7');
    expect(rowOf(html, noAgent)).toContain('agent not running');
    expect(rowOf(html, stopped)).toContain('cold-vm');
    // no container in a type:vm search
    expect(html).not.toContain('>CT<');
    expect(html).toContain(`href="/containers/${a.nodeId}/${withAgent}"`);
  });

  it('shows running containers with their addresses; type:ct hides the VMs', async () => {
    // the simulator's DHCP leases containers on vmbr0 addresses in 10.10.10.0/24
    const html = await pageWhen('/containers?q=type%3Act', (h) => /class="ct-ips" title="10\.10\.10\.\d+"/.test(h));
    expect(html).toContain('>CT<');
    expect(html).toMatch(/class="ct-ips" title="10\.10\.10\.\d+"/);
    expect(html).not.toContain('nas-vm');
  });

  it('ip: matches the start of an address', async () => {
    const html = await pageWhen('/containers?q=ip%3A10.10.50.', (h) => h.includes('nas-vm'));
    expect(html).toContain('nas-vm');
    expect(html).not.toContain('agentless-vm');
    expect(html).not.toContain('10.10.10.');
    const none = await a.web.page('/containers?q=ip%3A10.99.');
    expect(none.html).toContain('No container matches');
  });

  it('reads addresses again only for guests that (re)started: steady polls cost /cluster/resources alone', async () => {
    await pageWhen('/containers?q=type%3Avm', (h) => h.includes('10.10.50.7'));
    // the agentless VM is asked again after 30 s while it boots: leave it out of the count
    const addressCalls = () => sim.requestLog.count({ path: /\/(interfaces|agent\/network-get-interfaces)$/ }) - sim.requestLog.count({ path: new RegExp(`/qemu/${noAgent}/agent/`) });
    const polls = () => sim.requestLog.count({ path: '/cluster/resources' });
    const [calls, before] = [addressCalls(), polls()];
    // two more polls of a cluster whose guests kept running (the page keeps the cluster polled)
    await pageWhen('/containers', () => polls() >= before + 2);
    expect(polls()).toBeGreaterThanOrEqual(before + 2);
    expect(addressCalls()).toBe(calls);
  });

  it('counts VMs on the dashboard', async () => {
    const page = await a.web.page('/');
    expect(page.html).toContain('Virtual machines');
  });
});

describe('the VM page', () => {
  it('shows status, resources, addresses, metrics, and says there is no console for VMs', async () => {
    const html = await pageWhen(`/containers/${a.nodeId}/${withAgent}`, (h) => h.includes('10.10.50.7'));
    expect(html).toContain('nas-vm');
    expect(html).toContain(`VM ${withAgent}`);
    expect(html).toContain('10.10.50.7');
    expect(html).toContain('Console is not available for VMs');
    expect(html).toContain('data-testid="metrics-panel"');
    expect(html).toContain('aria-label="VM actions"');
    const agentless = await a.web.page(`/containers/${a.nodeId}/${noAgent}`);
    expect(agentless.html).toContain('Guest agent not running');
  });

  it('runs lifecycle operations as qm tasks and shows PVE’s refusals', async () => {
    const power = (op: string) => runAction(a.web, 'vmPowerAction', { nodeId: a.nodeId, vmid: stopped, op });
    // refused before a task starts
    const reboot = await power('reboot');
    expect(reboot.data?.ok).toBe(false);
    expect(reboot.data?.message).toContain(`VM ${stopped} not running`);

    const start = await power('start');
    expect(start.data?.ok).toBe(true);
    expect(start.data?.upid).toContain(`:qmstart:${stopped}:`);
    expect((await pve.qemuStatus('pve1', stopped)).status).toBe('running');
    // qemu-server refuses a second start inside the task
    const again = await power('start');
    expect(again.data?.ok).toBe(false);
    expect(again.data?.message).toContain(`VM ${stopped} already running`);

    expect((await power('suspend')).data?.ok).toBe(true);
    expect((await pve.qemuStatus('pve1', stopped)).qmpstatus).toBe('paused');
    const shutdown = await power('shutdown');
    expect(shutdown.data?.message).toContain('VM is paused - cannot shutdown');
    expect((await power('resume')).data?.ok).toBe(true);
    expect((await power('reset')).data?.ok).toBe(true);
    const stop = await power('stop');
    expect(stop.data?.ok).toBe(true);
    expect(stop.data?.upid).toContain(':qmstop:');
    expect((await pve.qemuStatus('pve1', stopped)).status).toBe('stopped');
  });

  it('refuses VM operations on a container and container operations on a VM', async () => {
    const ct = (await pve.clusterResources('vm')).find((g) => g.type === 'lxc')!;
    expect((await a.web.action('vmPowerAction', { nodeId: a.nodeId, vmid: ct.vmid, op: 'start' })).serverError?.code).toBe('NOT_FOUND');
    expect((await a.web.action('containerPowerAction', { nodeId: a.nodeId, vmid: withAgent, op: 'stop' })).serverError?.code).toBe('NOT_FOUND');
    expect((await a.web.action('vmPowerAction', { nodeId: a.nodeId, vmid: withAgent, op: 'explode' })).validationErrors).toBeTruthy();
  });
});
