// App versions (issue 15, app updates) against the simulator's sandbox: a container Kiln made from the
// nginx-static built-in reports nginx's installed and latest version (`nginx -v`, `apt-cache policy`);
// a newer nginx published into the simulator's repository shows as an app update, also in the table's
// counts; after an OS update through Kiln's update operation the app version is current; a command
// that prints no version is "could not detect" with its reason; a container Kiln did not make has no app line.
// Operations run in this process on a Redis prefix of their own, so the test stack's worker never takes them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}appv-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { templateSchema } = await import('@kiln/core/templates');
const svc = await import('@kiln/services');
const { deps, opDeps } = await import('../helpers/in-process-ops');
const { makeUser } = await import('../helpers/users');
const { registerSimNode, templateId } = await import('../helpers/provisioning');
const { kilnRow } = await import('../helpers/kiln-container');
const { closeSim, createCt, rootSsh, startSim } = await import('./containers-fixture');

type Fixture = Awaited<ReturnType<typeof startSim>>;
let sim: Fixture['sim'];
let pve: Fixture['pve'];
let user: Awaited<ReturnType<typeof makeUser>>;
let node: Awaited<ReturnType<typeof registerSimNode>>;

beforeAll(async () => {
  ({ sim, pve } = await startSim({ seed: 0 }));
  user = await makeUser();
  node = await registerSimNode(user, sim);
});

afterAll(async () => {
  await closeSim({ sim, pve });
});

/** A running CT with `packages` installed by apt and, with `template`, its Kiln row as provisioning leaves it. */
async function container(hostname: string, packages: string[], template?: string): Promise<number> {
  const vmid = await createCt(pve, hostname, { start: true });
  if (packages.length) {
    const r = await rootSsh(sim).pctExec(vmid, ['apt-get', 'install', '-y', '-q', ...packages]);
    expect(r.exitCode, r.stderr).toBe(0);
  }
  if (template) await kilnRow({ userId: user.id, nodeId: node.id, vmid, hostname, template: { id: await templateId(template), slug: template, version: '1.0.0' } });
  return vmid;
}

async function check(vmid: number) {
  await svc.serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id, vmid });
  const s = await svc.containerUpdateStatus(getDb(), user.id, { nodeId: node.id, vmid });
  if (!s) throw new Error(`no update status for CT ${vmid}`);
  return s;
}

/** The table's Updates cell data of one row (what updateCountsFor gives the containers page). */
async function tableCount(vmid: number) {
  const clusterKey = svc.clusterKeyOf(node);
  const { counts } = await svc.updateCountsFor(deps(), { clusters: [{ clusterKey, nodes: [node] }], rows: [{ nodeId: node.id, vmid }] } as never);
  return counts.get(`${node.id}:${vmid}`);
}

describe('app version of a template', () => {
  it('reports installed and latest, an app update once a newer version is published, and a current one after an OS update', async () => {
    const vmid = await container('appv-nginx', ['nginx'], 'nginx-static');
    expect((await check(vmid)).app).toEqual({ name: 'nginx', installed: '1.22.1', latest: '1.22.1', error: null, update: false });

    sim.packages.publish('debian', { name: 'nginx', version: '1.26.1-1~deb12u1', binVersion: 'nginx version: nginx/1.26.1' });
    const s = await check(vmid);
    expect(s.app).toEqual({ name: 'nginx', installed: '1.22.1', latest: '1.26.1', error: null, update: true });
    expect(s.packages).toContainEqual({ name: 'nginx', current: '1.22.1-9+deb12u1', next: '1.26.1-1~deb12u1', security: false });
    expect(await tableCount(vmid)).toMatchObject({ app: { name: 'nginx', installed: '1.22.1', latest: '1.26.1' } });
    // The check changed nothing in the container.
    expect((await rootSsh(sim).pctExec(vmid, ['nginx', '-v'])).stderr.trim()).toBe('nginx version: nginx/1.22.1');

    // The OS update through Kiln (with its snapshot): it checks again when it went through.
    const { operationId } = await svc.requestContainerUpdate(deps(), { id: user.id, username: user.username }, { nodeId: node.id, vmid }, { what: 'os', safety: 'snapshot' });
    await svc.runOperation(opDeps(), operationId);
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(op.state, op.message ?? '').toBe('succeeded');
    const after = await svc.containerUpdateStatus(getDb(), user.id, { nodeId: node.id, vmid });
    expect(after?.app).toEqual({ name: 'nginx', installed: '1.26.1', latest: '1.26.1', error: null, update: false });
    expect(after?.packages.map((p) => p.name)).not.toContain('nginx');
    expect(await tableCount(vmid)).not.toHaveProperty('app');
    sim.packages.withdraw('debian', 'nginx');
  });

  it('reads the Redis built-in’s version, and says why when a template’s commands print no version', async () => {
    const vmid = await container('appv-redis', ['redis-server'], 'redis');
    expect((await check(vmid)).app).toEqual({ name: 'Redis', installed: '7.0.15', latest: '7.0.15', error: null, update: false });

    // The same container, now made from a template whose commands print no version.
    const spec = templateSchema.parse({
      apiVersion: 'kiln/v1',
      slug: `appv-${randomUUID().slice(0, 8)}`,
      name: 'Broken version check',
      version: '1.0.0',
      description: 'Its version commands print no version.',
      icon: '📦',
      os: { distribution: 'debian', version: '12' },
      steps: [{ id: 'noop', type: 'script', run: 'true' }],
      appVersion: { name: 'demo', installed: { command: "printf 'installed ok\\n'" }, latest: { command: ['sh', '-c', 'echo feed unreachable >&2; exit 3'] } },
    });
    const tpl = await getDb().template.create({
      data: { userId: user.id, slug: spec.slug, version: spec.version, name: spec.name, description: spec.description, icon: spec.icon, tags: [], spec: spec as never },
    });
    await getDb().container.updateMany({ where: { nodeId: node.id, vmid }, data: { templateId: tpl.id, templateSlug: spec.slug } });
    const s = await check(vmid);
    expect(s.error).toBeNull();
    expect(s.app).toEqual({ name: 'demo', installed: null, latest: null, update: false, error: 'installed: “installed ok” is not a version; latest: exited with 3: feed unreachable' });
    expect(await tableCount(vmid)).not.toHaveProperty('app');
  });

  it('is not asked of a container Kiln did not make', async () => {
    const vmid = await container('appv-plain', ['nginx']);
    const s = await check(vmid);
    expect([s.family, s.error, s.app]).toEqual(['apt', null, null]);
  });
});
