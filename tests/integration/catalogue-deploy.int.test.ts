/**
 * Helper-scripts apps from the fixture source, deployed to the simulator by the test stack's
 * worker like any template: the service app's install script runs with build.func's environment
 * and leaves its service enabled and active; the one that fails half-way ends in error with its
 * output. (The simulator's systemd records service state but runs no daemon, so a TCP healthcheck
 * on the app's port cannot pass there yet: that is the next part of issue #14.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients, syncCatalogueSource } from '@kiln/services';
import { sharedSshPool } from '@kiln/ssh';
import { serveGitFixture, type GitFixture } from '../helpers/git-fixture';
import { makeUser } from '../helpers/users';
import { startTestSim, type Simulator } from '../helpers/sim';
import { creationOutput, creationRequest, creationService, registerSimNode, waitForLifecycle } from '../helpers/provisioning';
import { uniqueSlug } from './templates-fixture';

let sim: Simulator;
let fixture: GitFixture;
let user: Awaited<ReturnType<typeof makeUser>>;
let nodeId: string;
let sourceId: string;
const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-catalogue-deploy-'));

beforeAll(async () => {
  sim = await startTestSim({ seed: 1, taskDurationMs: 200 });
  fixture = await serveGitFixture();
  user = await makeUser();
  const admin = await makeUser('admin');
  nodeId = (await registerSimNode(user, sim)).id;
  const source = await getDb().catalogueSource.create({ data: { name: uniqueSlug('deploy'), kind: 'helper_scripts', url: fixture.url, createdById: admin.id } });
  sourceId = source.id;
  expect((await syncCatalogueSource({ db: getDb(), cacheRoot }, sourceId)).added).toBe(3);
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await fixture?.close();
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  await closeDb();
  await closeRedis();
});

async function deploy(slug: string) {
  const t = await getDb().template.findFirstOrThrow({ where: { sourceId, slug } });
  const res = await creationService().create(user, creationRequest(nodeId, t.id, { params: {} }));
  return { containerId: res.containerId, template: t };
}

/** Waits until one step of a creation is done (or the creation ended), and returns the row. */
async function stepDone(containerId: string, key: string, timeoutMs = 100_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await getDb().container.findUniqueOrThrow({ where: { id: containerId }, include: { steps: { orderBy: { position: 'asc' } } } });
    if (row.steps.find((s) => s.key === key)?.state === 'done' || row.lifecycle !== 'creating') return row;
    if (Date.now() > deadline) throw new Error(`step ${key} not done: ${row.steps.map((s) => `${s.key}=${s.state}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('deploying helper-scripts apps', () => {
  it("runs the service app's install script, which creates and starts its service", async () => {
    const { containerId, template } = await deploy('hello-web');
    const installKey = 'step:install';
    const row = await stepDone(containerId, installKey);
    const steps = row.steps.map((s) => `${s.key}=${s.state}`);
    expect(row.steps.find((s) => s.key === installKey)?.state, steps.join(', ')).toBe('done');
    expect(row.templateId).toBe(template.id);
    const output = (await creationOutput(row.id)).map((o) => o.text).join('');
    expect(output).toContain('Set up container (Hello Web, tz UTC)');
    expect(output).toContain('[ok] Created Service');
    const node = sim.nodes[0]!;
    const ssh = sharedSshPool().node({ host: '127.0.0.1', port: node.sshPort, username: 'root', auth: { password: sim.rootPassword }, hostKeyFingerprint: node.sshHostKeyFingerprint });
    for (const check of ['is-enabled', 'is-active']) expect((await ssh.pctExec(row.vmid, ['systemctl', check, 'hello-web'])).exitCode).toBe(0);
  });

  it('ends a script that fails half-way in error, with its exit code and output', async () => {
    const { containerId } = await deploy('half-way');
    expect(await waitForLifecycle(containerId)).toBe('error');
    const row = await getDb().container.findUniqueOrThrow({ where: { id: containerId } });
    const failure = row.failure as { step: string; message: string; exitCode?: number; output?: string };
    expect(failure.step).toMatch(/install/);
    expect(JSON.stringify(failure)).toMatch(/step two: the download failed/);
  });
});
