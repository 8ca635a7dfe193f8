/**
 * Helper-scripts apps from the fixture source, deployed to the simulator by the test stack's
 * worker like any template. The simulator runs with `guestNetwork`: a container's address (as PVE
 * reports it) leads into its sandbox, where the units its install script wrote really run, and
 * the fixture server on the host's loopback is reachable from inside, so an install script can
 * download from it as upstream scripts download from GitHub.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { helperScriptsEntries } from '@kiln/core/catalogue';
import { CreationActions, closePveClients, contentHash, syncCatalogueSource, templateDetailFor, type SyncReport } from '@kiln/services';
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
let firstSync: SyncReport;
const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-catalogue-deploy-'));

beforeAll(async () => {
  fixture = await serveGitFixture();
  sim = await startTestSim({ seed: 1, taskDurationMs: 200, guestNetwork: { loopbackPorts: [fixture.port] } });
  user = await makeUser();
  const admin = await makeUser('admin');
  nodeId = (await registerSimNode(user, sim)).id;
  const source = await getDb().catalogueSource.create({ data: { name: uniqueSlug('deploy'), kind: 'helper_scripts', url: fixture.url, createdById: admin.id } });
  sourceId = source.id;
  firstSync = await syncCatalogueSource({ db: getDb(), cacheRoot }, sourceId);
  expect(firstSync.added).toBe(3);
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await fixture?.close();
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  await closeDb();
  await closeRedis();
});

const templateRows = (slug: string) => getDb().template.findMany({ where: { sourceId, slug }, orderBy: { createdAt: 'asc' } });

async function deploy(templateId: string) {
  const res = await creationService().create(user, creationRequest(nodeId, templateId, { params: {} }));
  return res.containerId;
}

const containerRow = (id: string) => getDb().container.findUniqueOrThrow({ where: { id }, include: { steps: { orderBy: { position: 'asc' } } } });

function ssh() {
  const node = sim.nodes[0]!;
  return sharedSshPool().node({ host: '127.0.0.1', port: node.sshPort, username: 'root', auth: { password: sim.rootPassword }, hostKeyFingerprint: node.sshHostKeyFingerprint });
}

/** GET from the host, as a user's browser opens the app: the container's address and port. */
function get(url: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

/** sha256 over the files the fixture app was made from, as they are in the fixture's working tree now. */
function fixtureHash(ctPath: string): string {
  const paths = (fs.readdirSync(fixture.dir, { recursive: true }) as string[]).filter((p) => !p.startsWith('.git') && fs.statSync(path.join(fixture.dir, p)).isFile()).sort();
  const read = (p: string) => (paths.includes(p) ? fs.readFileSync(path.join(fixture.dir, p), 'utf8') : undefined);
  const entry = helperScriptsEntries({ paths, read }).find((e) => e.path === ctPath);
  if (entry?.status !== 'template') throw new Error(`${ctPath} is no template`);
  return contentHash(entry.files, read);
}

/** The steps as `key=state` (a failed expectation then says where the creation stopped). */
const stepStates = (row: Awaited<ReturnType<typeof containerRow>>) => row.steps.map((s) => `${s.key}=${s.state}`).join(', ');

describe('deploying helper-scripts apps', () => {
  it('lists the prompting app as not deployable, with the reason, and makes no template of it', async () => {
    expect(firstSync.entries).toEqual(expect.arrayContaining([{ path: 'ct/asker.sh', kind: 'not-deployable', name: 'Asker', message: expect.stringMatching(/read -p \(line 9\)/) }]));
    expect(await templateRows('asker')).toEqual([]);
  });

  let helloId = '';
  let helloIp = '';
  it('brings the service app to ready: its service runs and its healthcheck passes on the container address', async () => {
    const [template] = await templateRows('hello-web');
    helloId = await deploy(template!.id);
    const lifecycle = await waitForLifecycle(helloId);
    const row = await containerRow(helloId);
    expect(lifecycle, `${stepStates(row)} ${JSON.stringify(row.failure)}`).toBe('ready');
    expect(row.steps.find((s) => s.key === 'healthcheck')?.state).toBe('done');
    helloIp = row.ip ?? '';
    expect(helloIp).toMatch(new RegExp(`^10\\.${sim.guestNetwork?.subnetOctet}\\.10\\.\\d+$`));

    const output = (await creationOutput(helloId)).map((o) => o.text).join('');
    expect(output).toContain('Set up container (Hello Web, tz UTC)');
    expect(output).toContain('[ok] Created Service');
    expect(output).toMatch(/healthy \(attempt \d+\)/);

    // The unit the install script wrote runs: from the host, the app answers on the container's address.
    const page = await get(`http://${helloIp}:8080/`);
    expect(page).toEqual({ status: 200, body: 'Hello from Hello Web ({{ not a kiln variable }})\n' });
    for (const check of ['is-enabled', 'is-active']) expect((await ssh().pctExec(row.vmid, ['systemctl', check, 'hello-web'])).exitCode).toBe(0);
    const pid = (await ssh().pctExec(row.vmid, ['systemctl', 'show', '-p', 'MainPID', '--value', 'hello-web'])).stdout.trim();
    expect((await ssh().pctExec(row.vmid, ['cat', `/proc/${pid}/cmdline`])).stdout.replaceAll('\0', ' ')).toBe('/usr/bin/python3 -m http.server 8080 ');

    // Provenance: the template it was made from names the source, the script, the commit and the content hash.
    expect(row.templateId).toBe(template!.id);
    const detail = await templateDetailFor(getDb(), user.id, row.templateId!);
    expect(detail.provenance).toEqual(expect.objectContaining({ sourceId, sourceUrl: fixture.url, path: 'ct/hello-web.sh', commit: firstSync.commit, contentHash: fixtureHash('ct/hello-web.sh') }));
  });

  it('brings the Alpine app to ready, with the file its install script downloaded from the fixture server', async () => {
    const [template] = await templateRows('alpine-note');
    const id = await deploy(template!.id);
    const lifecycle = await waitForLifecycle(id);
    const row = await containerRow(id);
    expect(lifecycle, `${stepStates(row)} ${JSON.stringify(row.failure)}`).toBe('ready');
    const output = (await creationOutput(id)).map((o) => o.text).join('');
    expect(output).toContain('Installing bash (5.2.37-r0)');
    expect(output).toContain('[ok] Downloaded the note');
    const note = await ssh().pctExec(row.vmid, ['cat', '/root/alpine-note.txt']);
    expect(note.stdout).toMatch(/^A note fetched from the fixture server\.\nAlpine Note installed at \d{4}-\d{2}-\d{2}\n$/);
    expect((await ssh().pctExec(row.vmid, ['cat', '/etc/alpine-release'])).stdout).toBe('3.22.1\n');
  });

  it('ends a script that fails half-way in error with its output tail; Retry runs the install step again', async () => {
    const [template] = await templateRows('half-way');
    const id = await deploy(template!.id);
    expect(await waitForLifecycle(id)).toBe('error');
    const row = await containerRow(id);
    const failure = row.failure as { step: string; message: string; exitCode?: number; outputTail?: string };
    expect(failure).toMatchObject({ step: 'step:install', exitCode: 3, message: 'The command exited with code 3.' });
    expect(failure.outputTail).toContain('[ok] Step one');
    expect(failure.outputTail).toContain('step two: the download failed');
    expect(failure.outputTail).not.toContain('never here');
    expect(row.steps.find((s) => s.key === 'step:install')?.state).toBe('failed');

    const runsOf = (output: { step: string; text: string }[], step: string, text: string) => output.filter((o) => o.step === step && o.text.includes(text)).length;
    const first = await creationOutput(id);
    expect(runsOf(first, 'step:install', '[ok] Step one')).toBe(1);
    const baseOutput = first.filter((o) => o.step === 'step:base-packages').length;
    expect(baseOutput).toBeGreaterThan(0);

    await new CreationActions(getDb(), getRedis()).retry(user, id);
    expect(await waitForLifecycle(id)).toBe('error');
    const again = await containerRow(id);
    expect(again.attempt).toBe(row.attempt + 1);
    expect(again.failure).toMatchObject({ step: 'step:install', exitCode: 3 });
    // Retry resumed at the failed step: the install script ran again, the base packages did not.
    const second = await creationOutput(id);
    expect(runsOf(second, 'step:install', '[ok] Step one')).toBe(2);
    expect(second.filter((o) => o.step === 'step:base-packages')).toHaveLength(baseOutput);
  });

  it('makes a new template version when an upstream script changed; the running container keeps its own', async () => {
    const before = await templateRows('hello-web');
    const script = path.join(fixture.dir, 'install/helloweb-install.sh');
    fixture.write('install/helloweb-install.sh', fs.readFileSync(script, 'utf8').replace('echo "Hello from ${APPLICATION}', 'echo "Hello again from ${APPLICATION}'));
    const changed = fixture.commit('hello-web: a new greeting');
    expect(await syncCatalogueSource({ db: getDb(), cacheRoot }, sourceId)).toMatchObject({ added: 1, unchanged: 2, commit: changed });

    const after = await templateRows('hello-web');
    expect(after.map((r) => r.version)).toEqual(['1.0.0', '1.0.1']);
    expect(after[0]).toMatchObject({ id: before[0]!.id, contentHash: before[0]!.contentHash, sourceCommit: firstSync.commit });
    expect(after[1]).toMatchObject({ sourceCommit: changed, sourcePath: 'ct/hello-web.sh' });
    expect(after[1]!.contentHash).toBe(fixtureHash('ct/hello-web.sh'));
    expect(after[1]!.contentHash).not.toBe(after[0]!.contentHash);

    // The container made from 1.0.0 still points at it and still serves what 1.0.0 installed.
    expect((await containerRow(helloId)).templateId).toBe(before[0]!.id);
    expect((await get(`http://${helloIp}:8080/`))?.body).toBe('Hello from Hello Web ({{ not a kiln variable }})\n');

    // A new deployment gets the new version.
    const id = await deploy(after[1]!.id);
    expect(await waitForLifecycle(id)).toBe('ready');
    const row = await containerRow(id);
    expect(row.templateId).toBe(after[1]!.id);
    expect((await get(`http://${row.ip}:8080/`))?.body).toBe('Hello again from Hello Web ({{ not a kiln variable }})\n');
  });
});
