/**
 * Catalogue sources published as a .tar.gz over HTTP(S), against the real database and a local
 * server: the helper-scripts fixture and a kiln/v1 collection sync from tarballs (GitHub's
 * `repo-<ref>/` top folder taken off), the archive's sha256 is the provenance's commit, redirects
 * are followed, and a refused certificate, a too-large file or a broken archive fail the sync
 * with a message saying why.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { CatalogueSources, syncCatalogueSource, type Actor } from '@kiln/services';
import { HELPER_SCRIPTS_FIXTURE } from '../helpers/git-fixture';
import { makeUser } from '../helpers/users';
import { uniqueSlug } from './templates-fixture';

const db = getDb();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-tarball-'));
const deps = { db, cacheRoot: path.join(work, 'cache') };
const sources = new CatalogueSources({ db });

/** `tar czf` of a folder, under a top folder like GitHub's archives. */
function tarball(from: string, top: string): Buffer {
  const stage = fs.mkdtempSync(path.join(work, 'stage-'));
  fs.cpSync(from, path.join(stage, top), { recursive: true });
  const out = path.join(stage, 'out.tar.gz');
  execFileSync('tar', ['-czf', out, '-C', stage, top]);
  return fs.readFileSync(out);
}

const files = new Map<string, Buffer>();
const routes = (req: http.IncomingMessage, res: http.ServerResponse) => {
  const p = new URL(req.url ?? '/', 'http://x').pathname;
  if (p === '/latest.tar.gz') return void res.writeHead(302, { location: '/helper-scripts.tar.gz' }).end();
  // Says it is bigger than Kiln reads: refused before a byte of the body.
  if (p === '/huge.tar.gz') return void res.writeHead(200, { 'content-length': String(200 * 1024 * 1024) }).end();
  const body = files.get(p);
  if (!body) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length }).end(body);
};

let server: http.Server;
let tlsServer: https.Server;
let base: string;
let tlsBase: string;
let admin: Actor;
let kilnSlug: string;

beforeAll(async () => {
  const a = await makeUser('admin');
  admin = { id: a.id, username: a.username, role: 'admin' };
  files.set('/helper-scripts.tar.gz', tarball(HELPER_SCRIPTS_FIXTURE, 'ProxmoxVE-main'));
  const kiln = fs.mkdtempSync(path.join(work, 'kiln-'));
  kilnSlug = uniqueSlug('tar');
  const good = `apiVersion: kiln/v1\nslug: ${kilnSlug}\nname: From a tarball\nversion: 1.2.0\ndescription: d\nicon: server\nos: { distribution: debian, version: "12" }\nsteps:\n  - { id: hi, type: script, run: echo hi }\n`;
  fs.mkdirSync(path.join(kiln, 'templates'));
  fs.writeFileSync(path.join(kiln, 'templates/good.yaml'), good);
  fs.writeFileSync(path.join(kiln, 'templates/bad.yaml'), good.replace('version: 1.2.0', 'version: one'));
  files.set('/kiln.tar.gz', tarball(kiln, 'collection-v1'));
  files.set('/garbage.tar.gz', Buffer.from('this is not gzip'));

  server = http.createServer(routes);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A self-signed certificate, as a home server's often is.
  const key = path.join(work, 'key.pem');
  const cert = path.join(work, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1'], {
    stdio: 'ignore',
  });
  tlsServer = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, routes);
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  tlsBase = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await new Promise((r) => tlsServer?.close(r));
  fs.rmSync(work, { recursive: true, force: true });
  await closeDb();
});

const add = (url: string, kind: 'kiln' | 'helper-scripts' = 'helper-scripts', extra: Record<string, unknown> = {}) => sources.create(admin, { name: uniqueSlug('tar'), kind, url, ...extra });
const sha = (p: string) =>
  `sha256:${createHash('sha256')
    .update(files.get(p) ?? '')
    .digest('hex')}`;

describe('a tarball source', () => {
  it('syncs the helper scripts from a .tar.gz (through a redirect), with the archive hash as the commit', async () => {
    const { id } = await add(`${base}/latest.tar.gz`);
    const report = await syncCatalogueSource(deps, id);
    expect(report).toMatchObject({ result: 'partial', commit: sha('/helper-scripts.tar.gz'), added: 3 });
    expect(report.entries).toEqual(
      expect.arrayContaining([
        { path: 'ct/asker.sh', kind: 'not-deployable', name: 'Asker', message: expect.stringMatching(/read -p/) },
        { path: 'ct/broken.sh', kind: 'error', message: expect.stringMatching(/no APP=/) },
      ]),
    );
    const hello = await db.template.findFirstOrThrow({ where: { sourceId: id, slug: 'hello-web' } });
    expect(hello).toMatchObject({ sourcePath: 'ct/hello-web.sh', sourceCommit: sha('/helper-scripts.tar.gz'), contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The install script from the archive, byte for byte (with Kiln's brace escape).
    const steps = (hello.spec as { steps: { id: string; content?: string }[] }).steps;
    expect(steps.find((s) => s.id === 'install-script')?.content).toBe(fs.readFileSync(path.join(HELPER_SCRIPTS_FIXTURE, 'install/helloweb-install.sh'), 'utf8').replace(/\{\{/g, '\\{{'));
    expect(await db.catalogueListing.count({ where: { sourceId: id } })).toBe(2);
    // The same archive again changes nothing.
    expect(await syncCatalogueSource(deps, id)).toMatchObject({ added: 0, unchanged: 3 });
  });

  it('validates a kiln/v1 collection from a tarball like an import, file by file', async () => {
    const { id } = await add(`${base}/kiln.tar.gz`, 'kiln');
    const report = await syncCatalogueSource(deps, id);
    expect(report).toMatchObject({ result: 'partial', added: 1, commit: sha('/kiln.tar.gz') });
    expect(report.entries).toEqual([{ path: 'templates/bad.yaml', kind: 'error', message: expect.stringMatching(/^version: /) }]);
    expect(await db.template.findFirst({ where: { sourceId: id, slug: kilnSlug } })).toMatchObject({ version: '1.2.0', sourcePath: 'templates/good.yaml' });
  });

  it('explains a refused certificate, a file too large, a broken archive and a missing one', async () => {
    const failed = async (url: string) => {
      const { id } = await add(url);
      const r = await syncCatalogueSource(deps, id);
      expect(r.result).toBe('failed');
      expect((await db.catalogueSource.findUniqueOrThrow({ where: { id } })).lastSyncError).toBe(r.error);
      return r.error ?? '';
    };
    const tls = await failed(`${tlsBase}/helper-scripts.tar.gz`);
    expect(tls).toMatch(/TLS certificate of 127\.0\.0\.1:\d+ was refused: its certificate is self-signed/);
    expect(tls).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(await failed(`${base}/huge.tar.gz`)).toMatch(/larger than 64 MiB/);
    expect(await failed(`${base}/garbage.tar.gz`)).toMatch(/not a gzip-compressed tar archive/);
    expect(await failed(`${base}/nothing-here.tar.gz`)).toMatch(/answered HTTP 404/);
  });

  it('cannot be pinned to a commit, and a non-admin’s tarball may not reach the Kiln host', async () => {
    await expect(add(`${base}/kiln.tar.gz`, 'kiln', { pinnedCommit: 'a'.repeat(40) })).rejects.toMatchObject({ code: 'VALIDATION', fieldErrors: { pinnedCommit: expect.stringMatching(/tarball/) } });
    const { id } = await add(`${base}/latest.tar.gz`);
    // As if a user (not an admin) had added it: the guard applies at sync time too.
    const u = await makeUser('user');
    await db.catalogueSource.update({ where: { id }, data: { createdById: u.id } });
    expect(await syncCatalogueSource(deps, id)).toMatchObject({ result: 'failed', error: expect.stringMatching(/loopback, link-local/) });
  });
});
