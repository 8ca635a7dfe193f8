/**
 * Catalogue sources against the real database and a git repository served over loopback HTTP:
 * the fixture in the helper scripts' layout syncs into templates with provenance, per-entry
 * problems are reported, and a changed upstream file makes a new version.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { CatalogueSources, catalogueListingFor, contentHash, guardedResolve, syncCatalogueSource, templateCatalogue, templateCataloguePage, templateDetailFor, type Actor } from '@kiln/services';
import { parseCatalogueQuery } from '@kiln/services/schemas';
import { serveGitFixture, type GitFixture } from '../helpers/git-fixture';
import { makeUser } from '../helpers/users';
import { uniqueSlug } from './templates-fixture';

const db = getDb();
const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-catalogue-cache-'));
const deps = { db, cacheRoot };
const sources = new CatalogueSources({ db });

let fixture: GitFixture;
let admin: Actor;
let user: Actor;

beforeAll(async () => {
  fixture = await serveGitFixture();
  const a = await makeUser('admin');
  const u = await makeUser('user');
  admin = { id: a.id, username: a.username, role: 'admin' };
  user = { id: u.id, username: u.username, role: 'user' };
});

afterAll(async () => {
  await fixture.close();
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  await closeDb();
});

const addSource = (extra: Record<string, unknown> = {}) => sources.create(admin, { name: uniqueSlug('src'), kind: 'helper-scripts', url: fixture.url, ...extra });
const rowsOf = (sourceId: string, slug: string) => db.template.findMany({ where: { sourceId, slug }, orderBy: { createdAt: 'asc' } });

describe('a helper-scripts source', () => {
  it('syncs the deployable apps into templates with provenance; the rest is reported per entry', async () => {
    const { id } = await addSource();
    const head = fixture.commit('nothing new');
    const report = await syncCatalogueSource(deps, id);
    expect(report).toMatchObject({ result: 'partial', commit: head, added: 3, unchanged: 0 });
    expect(report.entries).toEqual(
      expect.arrayContaining([
        { path: 'ct/asker.sh', kind: 'not-deployable', name: 'Asker', message: expect.stringMatching(/read -p \(line 9\)/) },
        { path: 'vm/tiny-vm.sh', kind: 'not-deployable', name: 'Tiny VM', message: expect.stringMatching(/virtual machine/) },
        { path: 'ct/broken.sh', kind: 'error', message: expect.stringMatching(/no APP=/) },
      ]),
    );
    const [hello] = await rowsOf(id, 'hello-web');
    expect(hello).toMatchObject({ version: '1.0.0', userId: null, builtin: false, sourcePath: 'ct/hello-web.sh', sourceCommit: head, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await rowsOf(id, 'alpine-note'))[0]?.spec).toMatchObject({ os: { distribution: 'alpine', version: '3.22' } });

    const [listed] = await sources.list(admin).then((all) => all.filter((s) => s.id === id));
    expect(listed).toMatchObject({ lastSyncResult: 'partial', lastSyncCommit: head, templates: 3, lastSync: { added: 3 } });
    expect(listed?.lastSync.entries.find((e) => e.path === 'ct/broken.sh')).toMatchObject({ kind: 'error' });
  });

  it('shows its templates to every user, read-only, with source, path, commit and hash', async () => {
    const { id } = await addSource();
    await syncCatalogueSource(deps, id);
    const card = (await templateCatalogue(db, user.id)).find((c) => c.source?.id === id && c.slug === 'hello-web');
    expect(card).toMatchObject({ builtin: false, name: 'Hello Web', versionCount: 1 });
    const detail = await templateDetailFor(db, user.id, card?.id ?? '');
    expect(detail.provenance).toMatchObject({ sourceId: id, sourceUrl: fixture.url, path: 'ct/hello-web.sh', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(detail.template.steps.map((s) => s.id)).toEqual(['base-packages', 'install-functions', 'install-script', 'install']);
  });

  it('lists a not deployable app for every user with its reason, defaults, commit and scripts, and makes no template of it', async () => {
    const { id } = await addSource();
    const report = await syncCatalogueSource(deps, id);
    expect(await rowsOf(id, 'asker')).toEqual([]);
    const page = await templateCataloguePage(db, user.id, parseCatalogueQuery({ source: id, q: 'asker' }));
    expect(page.items).toEqual([expect.objectContaining({ slug: 'asker', name: 'Asker', notDeployable: expect.stringMatching(/read -p \(line 9\)/), source: expect.objectContaining({ id }) })]);
    // Never offered to the wizard.
    expect((await templateCatalogue(db, user.id)).some((c) => c.source?.id === id && c.slug === 'asker')).toBe(false);

    const app = await catalogueListingFor(db, user.id, page.items[0]?.id ?? '');
    const read = (p: string) => fs.readFileSync(path.join(fixture.dir, p), 'utf8');
    expect(app).toMatchObject({
      path: 'ct/asker.sh',
      commit: report.commit,
      reason: expect.stringMatching(/read -p/),
      facts: { os: 'debian', osVersion: '12', cores: 1, memory: 256, disk: 2 },
      files: [
        { path: 'ct/asker.sh', content: read('ct/asker.sh') },
        { path: 'install/asker-install.sh', content: read('install/asker-install.sh') },
      ],
      contentHash: contentHash(['ct/asker.sh', 'install/asker-install.sh'], read),
    });
    const vm = await templateCataloguePage(db, user.id, parseCatalogueQuery({ source: id, q: 'tiny vm' }));
    expect(vm.items).toEqual([expect.objectContaining({ name: 'Tiny VM', notDeployable: expect.stringMatching(/virtual machine/) })]);

    // A later sync replaces the set: an app that became deployable is no longer listed.
    const asking = read('install/asker-install.sh');
    fixture.write('install/asker-install.sh', 'echo "no questions"\n');
    fixture.commit('asker: no prompt');
    try {
      await syncCatalogueSource(deps, id);
      expect((await templateCataloguePage(db, user.id, parseCatalogueQuery({ source: id, q: 'asker' }))).items).toEqual([expect.objectContaining({ slug: 'asker', notDeployable: null })]);
      await expect(catalogueListingFor(db, user.id, app.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      // The other tests share the fixture.
      fixture.write('install/asker-install.sh', asking);
      fixture.commit('asker: asks again');
    }
  });

  it('changes nothing when nothing changed, and makes a new version when an upstream script changed', async () => {
    const { id } = await addSource();
    await syncCatalogueSource(deps, id);
    const [before] = await rowsOf(id, 'hello-web');
    expect(await syncCatalogueSource(deps, id)).toMatchObject({ added: 0, unchanged: 3 });

    const script = path.join(fixture.dir, 'install/helloweb-install.sh');
    fixture.write('install/helloweb-install.sh', fs.readFileSync(script, 'utf8').replace('python3 -m http.server 8080', 'python3 -m http.server --bind 0.0.0.0 8080'));
    const changed = fixture.commit('hello-web: bind explicitly');
    expect(await syncCatalogueSource(deps, id)).toMatchObject({ added: 1, unchanged: 2, commit: changed });

    const after = await rowsOf(id, 'hello-web');
    expect(after.map((r) => r.version)).toEqual(['1.0.0', '1.0.1']);
    // The old version is untouched: containers made from it keep it.
    expect(after[0]).toMatchObject({ id: before?.id, contentHash: before?.contentHash, sourceCommit: before?.sourceCommit });
    expect(after[1]).toMatchObject({ sourceCommit: changed });
    expect(JSON.stringify(after[1]?.spec)).toContain('--bind 0.0.0.0 8080');
  });

  it('syncs the pinned commit, not the branch head', async () => {
    const pinned = fixture.commit('pin me');
    fixture.write('ct/late.sh', 'APP="Late"\nvar_os="debian"\n');
    fixture.write('install/late-install.sh', 'echo late\n');
    fixture.commit('a later app');
    const { id } = await addSource({ pinnedCommit: pinned, pinnedOnly: true });
    const report = await syncCatalogueSource(deps, id);
    expect(report.commit).toBe(pinned);
    expect(await rowsOf(id, 'late')).toHaveLength(0);
  });

  it('reports a fetch that fails on the source, keeping its templates', async () => {
    const { id } = await sources.create(admin, { name: uniqueSlug('src'), kind: 'helper-scripts', url: `${fixture.url.replace('/repo.git', '/nothing.git')}` });
    const report = await syncCatalogueSource(deps, id);
    expect(report.result).toBe('failed');
    const row = await db.catalogueSource.findUniqueOrThrow({ where: { id } });
    expect(row.lastSyncResult).toBe('failed');
    expect(row.lastSyncError).toMatch(/git fetch failed|not found|repository/i);
  });
});

describe('managing sources', () => {
  it('is for administrators only', async () => {
    await expect(sources.create(user, { name: uniqueSlug('src'), kind: 'kiln', url: fixture.url })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(sources.list(user)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('says which field is wrong', async () => {
    await expect(sources.create(admin, { name: '', kind: 'kiln', url: 'ftp://x' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { name: 'must not be empty', url: expect.stringMatching(/https:\/\//) },
    });
    await expect(sources.create(admin, { name: uniqueSlug('src'), kind: 'kiln', url: fixture.url, pinnedOnly: true })).rejects.toMatchObject({
      fieldErrors: { pinnedCommit: expect.stringMatching(/required/) },
    });
  });

  it("keeps a non-admin's source away from the Kiln host's own addresses", async () => {
    await expect(guardedResolve('http://127.0.0.1:9/x.git', false)).rejects.toThrow(/loopback, link-local/);
    await expect(guardedResolve('http://[::1]:9/x.git', false)).rejects.toThrow(/loopback, link-local/);
    await expect(guardedResolve('http://169.254.169.254/x.git', false)).rejects.toThrow(/loopback, link-local/);
    expect(await guardedResolve('http://127.0.0.1:9/x.git', true)).toBeUndefined();
  });
});

describe('a kiln/v1 source', () => {
  it('syncs valid files and reports each invalid one with the template format’s paths', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-kiln-source-'));
    const slug = uniqueSlug('hi');
    const good = `apiVersion: kiln/v1\nslug: ${slug}\nname: Hi\nversion: 2.1.0\ndescription: d\nicon: server\nos: { distribution: debian, version: "12" }\nsteps:\n  - { id: hi, type: script, run: echo hi }\n`;
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'templates/hi.yaml'), good);
    fs.writeFileSync(path.join(dir, 'templates/bad.yaml'), good.replace(`slug: ${slug}`, 'slug: Not A Slug'));
    const repo = await serveGitFixture(dir);
    try {
      const { id } = await sources.create(admin, { name: uniqueSlug('src'), kind: 'kiln', url: repo.url });
      const report = await syncCatalogueSource(deps, id);
      expect(report).toMatchObject({ result: 'partial', added: 1 });
      expect(report.entries).toEqual([{ path: 'templates/bad.yaml', kind: 'error', message: expect.stringMatching(/^slug: /) }]);
      expect(await rowsOf(id, slug)).toMatchObject([{ version: '2.1.0', sourcePath: 'templates/hi.yaml' }]);
    } finally {
      await repo.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
