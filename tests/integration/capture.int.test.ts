// Capturing a container as a kiln/v1 template draft (issue 17): the probe reads the OS, the packages
// beyond the image and the enabled services inside a running container of the simulator; the draft
// validates, saves as the user's template, and deploys through the normal creation path to a
// container with the same extra packages and enabled services. Operations and the creation run in
// this process on a Redis prefix of their own, so the test stack's worker never takes them.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { closeAll } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}capture-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { createLogger } = await import('@kiln/core');
const svc = await import('@kiln/services');
const { deps, opDeps } = await import('../helpers/in-process-ops');
const { PveClient } = await import('@kiln/pve');
const { parseTemplateText, serializeTemplate, templateSchema } = await import('@kiln/core/templates');
const { sharedSshPool } = await import('@kiln/ssh');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { creationRequest, creationService, registerSimNode } = await import('../helpers/provisioning');
const { runningCt } = await import('../helpers/kiln-container');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
let pve: InstanceType<typeof PveClient>;
let user: Awaited<ReturnType<typeof makeUser>>;
let actor: { id: string; username: string };
let nodeId: string;
const log = createLogger('test', 'warn');
const rootSsh = () =>
  sharedSshPool().node({ host: '127.0.0.1', port: sim.nodes[0]!.sshPort, username: 'root', auth: { password: sim.rootPassword }, hostKeyFingerprint: sim.nodes[0]!.sshHostKeyFingerprint });

async function exec(vmid: number, argv: string[], stdin?: string): Promise<string> {
  const r = await rootSsh().pctExec(vmid, argv, { timeout: 60_000, stdin });
  expect(r.exitCode, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

async function capture(vmid: number, as = actor) {
  const { operationId } = await svc.requestCapture(deps(), as, { nodeId, vmid });
  await svc.runOperation(opDeps(), operationId);
  return getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
}

/** What the probe finds beyond the image in a running container (the same reading the capture makes). */
async function beyondImage(vmid: number) {
  const probe = svc.parseProbe(await exec(vmid, [...svc.PROBE_ARGV]));
  return svc.difference(probe);
}

/** Runs a creation to its end in this process (transient failures retried at once). */
async function runCreation(containerId: string) {
  for (let i = 0; i < 10; i++) {
    try {
      return await svc.runCreation({ ...deps(), log, workerId: `test:${process.pid}`, signal: new AbortController().signal }, containerId, { lastAttempt: i === 9 });
    } catch (e) {
      if (!(e instanceof svc.RetryLater)) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error('creation kept retrying');
}

beforeAll(async () => {
  sim = await startTestSim({ taskDurationMs: 100 });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  user = await makeUser();
  actor = { id: user.id, username: user.username };
  nodeId = (await registerSimNode(user, sim)).id;
});

afterAll(() => closeAll({ workers: new Set(), pve, sim }));

describe('capturing a container as a template', () => {
  it('a fresh container of the image has nothing beyond it (Kiln’s manifest matches the image)', async () => {
    const vmid = await pve.nextId();
    await runningCt(pve, vmid, 'cap-fresh');
    const diff = await beyondImage(vmid);
    expect(diff).toEqual({ packages: [], services: [], localUnits: [], templateUnits: [] });
  });

  it('drafts resources, features, network shape, extra packages and enabled services; the draft deploys to a container with the same', async () => {
    const vmid = await pve.nextId();
    await pve.waitForTask(
      await pve.lxcCreate('pve1', {
        vmid,
        hostname: 'cap-web',
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        rootfs: { storage: 'local-lvm', sizeGiB: 3 },
        cores: 2,
        memory: 768,
        swap: 256,
        features: { nesting: true },
        net: [{ name: 'eth0', bridge: 'vmbr0', ip: '10.10.7.20/24', gw: '10.10.7.1', tag: 30, firewall: true }],
        nameserver: ['10.10.7.1'],
        tags: ['web', 'prod'],
      }),
      { timeout: 60_000 },
    );
    // keyctl is root's to set (PVE refuses it to a token), as a real admin would over SSH.
    await rootSsh().pctSet(vmid, { features: 'nesting=1,keyctl=1' });
    await pve.waitForTask(await pve.lxcStart('pve1', vmid), { timeout: 60_000 });
    await exec(vmid, ['apt-get', 'update']);
    await exec(vmid, ['apt-get', 'install', '-y', 'redis-server', 'jq', 'htop']);
    // A unit written by hand, holding a secret: enabled, but never copied into the draft.
    const secret = `s3cret-${randomBytes(8).toString('hex')}`;
    await exec(
      vmid,
      ['/bin/sh', '-c', 'cat > /etc/systemd/system/myapp.service'],
      `[Unit]\nDescription=My app\n[Service]\nEnvironment=TOKEN=${secret}\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n`,
    );
    await exec(vmid, ['systemctl', 'enable', 'myapp.service']);
    await exec(vmid, ['systemctl', 'enable', 'redis-server']);

    const op = await capture(vmid);
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect(op.message).toMatch(/^Captured cap-web: \d+ packages and 1 service beyond the image\./);
    expect(JSON.stringify(op.result)).not.toContain(secret);
    expect(JSON.stringify(op.result)).not.toContain('10.10.7.20');

    const draft = await svc.captureDraftFor(getDb(), user.id, op.id);
    expect(draft).not.toBeNull();
    const t = draft!.template;
    // A valid kiln/v1 template, also once written as YAML and read back (what the editor exports).
    expect(templateSchema.safeParse(t).success).toBe(true);
    const reread = parseTemplateText(serializeTemplate(t, 'yaml'));
    expect(reread.ok).toBe(true);
    expect(t).toMatchObject({
      apiVersion: 'kiln/v1',
      slug: 'cap-web-capture',
      version: '1.0.0',
      os: { distribution: 'debian', version: '12' },
      defaults: {
        cores: 2,
        memory: 768,
        swap: 256,
        disk: 3,
        unprivileged: true,
        features: { nesting: true, keyctl: true, fuse: false },
        network: { bridge: 'vmbr0', ipv4: 'dhcp', ipv6: 'none', vlan: 30, firewall: true },
        dns: { nameservers: ['10.10.7.1'] },
        tags: ['prod', 'web'],
      },
    });
    expect(draft!.packages).toEqual(expect.arrayContaining(['redis-server', 'redis-tools', 'jq', 'htop']));
    // Nothing the image brings.
    for (const base of ['bash', 'cron', 'openssh-server', 'systemd', 'postfix']) expect(draft!.packages).not.toContain(base);
    expect(draft!.services).toEqual(['redis-server.service']);
    expect(draft!.notes.join(' ')).toContain('myapp.service');
    expect(draft!.notes.join(' ')).toContain('static IPv4');
    expect(t.steps.map((s) => s.type)).toEqual(['packages', 'service']);
    expect(t.steps[1]).toMatchObject({ type: 'service', name: 'redis-server', enable: true, start: true });
    // Another user never sees it.
    const other = await makeUser();
    expect(await svc.captureDraftFor(getDb(), other.id, op.id)).toBeNull();

    // Saved as the user's template (what the editor's Save does), then deployed through the normal creation path.
    const saved = await new svc.TemplateService(getDb()).create(actor, t);
    const req = creationRequest(nodeId, saved.id, { hostname: `cap-copy-${randomBytes(3).toString('hex')}`, unprivileged: t.defaults.unprivileged, features: t.defaults.features });
    const created = await creationService().create(actor, req);
    expect(await runCreation(created.containerId)).toBe('ready');
    const copy = await getDb().container.findUniqueOrThrow({ where: { id: created.containerId } });
    const [source, deployed] = await Promise.all([beyondImage(vmid), beyondImage(copy.vmid)]);
    expect(deployed.packages).toEqual(draft!.packages);
    expect(deployed.services).toEqual(source.services);
    expect(deployed.services).toEqual(['redis-server.service']);
    expect(deployed.localUnits).toEqual([]);
  });

  it('refuses a stopped container with the reason, and a container the user has no access to', async () => {
    const vmid = await pve.nextId();
    await pve.waitForTask(
      await pve.lxcCreate('pve1', { vmid, hostname: 'cap-stopped', ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', rootfs: { storage: 'local-lvm', sizeGiB: 2 } }),
      { timeout: 60_000 },
    );
    const op = await capture(vmid);
    expect(op.state).toBe('failed');
    expect(op.message).toBe('cap-stopped is not running: Kiln reads its packages and services inside it, so start it first.');
    expect(op.result).toBeNull();

    const stranger = await makeUser();
    await expect(svc.requestCapture(deps(), { id: stranger.id, username: stranger.username }, { nodeId, vmid })).rejects.toThrow(/not found/i);
  });
});
