import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { sharedSshPool, type NodeSsh } from '@kiln/ssh';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { createCt, owner, rootSsh, startSim, type Owner } from './containers-fixture';
import { followOperation } from '../helpers/operations';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let ssh: NodeSsh;
let vmid: number;

interface Service {
  name: string;
  active: string;
  sub: string;
  enabled: string;
  description: string;
  load: string;
}

const UNIT = `[Unit]
Description=Kiln hello app
After=network.target

[Service]
ExecStart=/bin/sleep infinity
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;

/**
 * What a template's steps do to a fresh container: a `packages` step (apt-get install nginx, which
 * starts and enables it like Debian does), a `file` step writing a unit, and a `service` step
 * enabling and starting it. Run the same way the provisioning worker does: `pct exec` / `pct push`.
 */
async function provisionLikeATemplate(): Promise<void> {
  const apt = await ssh.pctExec(vmid, ['apt-get', 'install', '-y', 'nginx'], { timeout: 60_000 });
  expect(apt.exitCode).toBe(0);
  await ssh.pctPush(vmid, '/etc/systemd/system/kiln-hello.service', UNIT, { mode: 0o644 });
  for (const argv of [
    ['systemctl', 'daemon-reload'],
    ['systemctl', 'enable', '--now', 'kiln-hello.service'],
  ]) {
    expect((await ssh.pctExec(vmid, argv)).exitCode).toBe(0);
  }
}

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  a = await owner(webUrl, sim);
  ssh = rootSsh(sim);
  vmid = await createCt(pve, 'web-app', { start: true });
  await provisionLikeATemplate();
});

afterAll(async () => {
  await sharedSshPool().close();
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

const list = async () => {
  const r = await a.web.action<{ services: Service[] }>('listServicesAction', { nodeId: a.nodeId, vmid });
  expect(r.serverError).toBeUndefined();
  return Object.fromEntries(r.data!.services.map((s) => [s.name, s]));
};
/** Asks for systemctl <verb> as the panel does (an operation the worker runs), and follows it to its verdict. */
const control = async (unit: string, verb: string) => {
  const r = await a.web.action<{ operationId: string }>('controlServiceAction', { nodeId: a.nodeId, vmid, unit, verb });
  if (!r.data?.operationId) return { validationErrors: r.validationErrors, serverError: r.serverError, data: undefined };
  const { operation } = await followOperation(a.web, r.data.operationId);
  const result = operation.result as { ok: boolean; service?: Service | null };
  return { data: { ok: operation.state === 'succeeded' && result.ok, message: operation.message ?? '', service: result.service ?? undefined, operation } };
};
const journal = (unit: string, lines = 200) => a.web.action<{ lines: string[] }>('serviceJournalAction', { nodeId: a.nodeId, vmid, unit, lines });

describe('systemd services through the pooled SSH connection', () => {
  it('lists what the template started: running and enabled, next to the base system', async () => {
    const s = await list();
    expect(s['nginx.service']).toMatchObject({ active: 'active', sub: 'running', enabled: 'enabled', description: 'A high performance web server and a reverse proxy server' });
    expect(s['kiln-hello.service']).toMatchObject({ active: 'active', enabled: 'enabled', description: 'Kiln hello app' });
    expect(s['cron.service']).toMatchObject({ active: 'active' });
    expect(s['ssh.service']?.name ?? s['sshd.service']?.name).toBeTruthy();
  });

  it("shows each service's journal: the start the template caused", async () => {
    const nginx = await journal('nginx.service');
    expect(nginx.data!.lines.some((l) => /systemd\[1\]: Started nginx\.service - A high performance web server/.test(l))).toBe(true);
    expect(nginx.data!.lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 web-app /);
    const hello = await journal('kiln-hello.service', 1);
    expect(hello.data!.lines).toEqual([expect.stringMatching(/Started kiln-hello\.service - Kiln hello app\.$/)]);
  });

  it('stops, starts and restarts a service, and records each in the audit log and the journal', async () => {
    const stop = await control('nginx.service', 'stop');
    expect(stop.data).toMatchObject({ ok: true, message: 'Stopped nginx.service.' });
    expect(stop.data?.service).toMatchObject({ active: 'inactive', sub: 'dead' });
    expect((await list())['nginx.service']?.active).toBe('inactive');
    expect((await control('nginx.service', 'start')).data?.service?.active).toBe('active');
    const restart = await control('kiln-hello.service', 'restart');
    expect(restart.data?.ok).toBe(true);
    const lines = (await journal('kiln-hello.service', 4)).data!.lines.join('\n');
    expect(lines).toMatch(/Stopped kiln-hello\.service - Kiln hello app[\s\S]*Started kiln-hello\.service - Kiln hello app/);
    const audit = await getDb().auditEvent.findMany({ where: { userId: a.user.id, action: { startsWith: 'container.service.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => [e.action, e.outcome, (e.detail as Record<string, unknown>)['unit']])).toEqual([
      ['container.service.stop', 'success', 'nginx.service'],
      ['container.service.start', 'success', 'nginx.service'],
      ['container.service.restart', 'success', 'kiln-hello.service'],
    ]);
  });

  it("reports systemctl's own failure for a unit that does not exist", async () => {
    const r = await control('no-such-thing.service', 'start');
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toContain('Unit no-such-thing.service not found');
    const audit = await getDb().auditEvent.findFirst({ where: { userId: a.user.id, action: 'container.service.start', outcome: 'failure' } });
    expect(audit).toBeTruthy();
  });

  it('refuses unit names that are not plain service names (no options, no globs)', async () => {
    for (const unit of ['--now', '-h.service', '*.service', 'nginx', 'a;b.service', '../x.service']) {
      const r = await a.web.action('controlServiceAction', { nodeId: a.nodeId, vmid, unit, verb: 'stop' });
      expect(r.validationErrors).toBeTruthy();
      expect((await journal(unit)).validationErrors).toBeTruthy();
    }
    expect((await a.web.action('controlServiceAction', { nodeId: a.nodeId, vmid, unit: 'nginx.service', verb: 'mask' })).validationErrors).toBeTruthy();
  });

  it('follows a journal live over server-sent events', async () => {
    const ctrl = new AbortController();
    const res = await a.web.fetch(`/containers/${a.nodeId}/${vmid}/journal?unit=kiln-hello.service`, { signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const read = async (until: RegExp) => {
      const deadline = Date.now() + 20_000;
      while (!until.test(text)) {
        if (Date.now() > deadline) throw new Error(`no match for ${until} in ${text}`);
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    };
    await read(/event: open/);
    // Give journalctl -f a moment to attach before the new lines are written.
    await new Promise((r) => setTimeout(r, 500));
    expect((await control('kiln-hello.service', 'restart')).data?.ok).toBe(true);
    await read(/event: lines\ndata: .*Started kiln-hello\.service - Kiln hello app/);
    ctrl.abort();
  });

  it('explains why services are unavailable on a stopped container', async () => {
    const stopped = await createCt(pve, 'stopped-services');
    const r = await a.web.action('listServicesAction', { nodeId: a.nodeId, vmid: stopped });
    expect(r.serverError?.message).toBe('The container is not running: start it to see its services.');
  });

  it('explains that a container on a node without SSH needs that node registered', async () => {
    const other = (await pve.clusterResources('vm')).find((g) => g.node === 'pve2' && g.status === 'running')!;
    const r = await a.web.action('listServicesAction', { nodeId: a.nodeId, vmid: other.vmid });
    expect(r.serverError?.message).toMatch(/runs on pve2, and Kiln has SSH only to pve1\. Add pve2 in Settings → Nodes/);
  });
});
