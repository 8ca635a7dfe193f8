/**
 * The helper scripts' metadata database (PocketBase) against a local stand-in: a source that
 * names it gets its descriptions, ports, credentials and notes (paged, deleted records skipped,
 * the record's type never overruling the script's place in the layout); a changed record makes a
 * new version; an unreachable database falls back to what the scripts carry, and says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { CatalogueSources, syncCatalogueSource, type Actor } from '@kiln/services';
import { serveGitFixture, type GitFixture } from '../helpers/git-fixture';
import { serveMetadataFixture, type MetadataFixture } from '../helpers/metadata-fixture';
import { makeUser } from '../helpers/users';
import { uniqueSlug } from './templates-fixture';

const db = getDb();
const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-catalogue-meta-'));
const deps = { db, cacheRoot };
const sources = new CatalogueSources({ db });

let fixture: GitFixture;
let metadata: MetadataFixture;
let admin: Actor;

beforeAll(async () => {
  [fixture, metadata] = await Promise.all([serveGitFixture(), serveMetadataFixture()]);
  const a = await makeUser('admin');
  admin = { id: a.id, username: a.username, role: 'admin' };
});

afterAll(async () => {
  await Promise.all([fixture.close(), metadata.close()]);
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  await closeDb();
});

const add = (metadataUrl: string | null) => sources.create(admin, { name: uniqueSlug('meta'), kind: 'helper-scripts', url: fixture.url, metadataUrl });
const newest = async (sourceId: string, slug: string) => (await db.template.findMany({ where: { sourceId, slug }, orderBy: { createdAt: 'desc' } }))[0];
type Spec = { description: string; postInstall?: string; healthcheck?: { command: string[] } };

describe('the helper scripts’ metadata database', () => {
  it('gives the apps their description, port, credentials and notes from the database, page by page', async () => {
    const { id } = await add(metadata.url);
    const report = await syncCatalogueSource(deps, id);
    // Three records (the deleted one is skipped), read over two pages.
    expect(report.metadata).toEqual({ url: metadata.url, records: 3 });
    expect(metadata.requests.filter((r) => r.startsWith('/api/collections/script_scripts/records'))).toEqual(
      expect.arrayContaining([expect.stringContaining('page=1'), expect.stringContaining('page=2')]),
    );
    const hello = await newest(id, 'hello-web');
    const spec = hello?.spec as Spec;
    expect(hello?.description).toBe('Hello Web, described by the metadata database.');
    expect(spec.postInstall).toContain('Default credentials: admin / from-the-db');
    expect(spec.postInstall).toContain('Note: Read from the metadata database.');
    expect(spec.postInstall).toContain('Website: https://example.invalid/hello-web-db');
    expect(spec.healthcheck?.command.join(' ')).toContain('/8080');
    // The database calls alpine-note an addon; its ct/ script says what it is, and it stays deployable.
    expect((await newest(id, 'alpine-note'))?.description).toBe('Alpine Note, described by the metadata database.');
    // No record: half-way keeps what its script says.
    expect((await newest(id, 'half-way'))?.description).toMatch(/installed by the community helper scripts/);
    // A not deployable app's page shows the database's description and website too.
    const asker = await db.catalogueListing.findFirstOrThrow({ where: { sourceId: id, path: 'ct/asker.sh' } });
    expect(asker.description).toBe('Asker, described by the metadata database: it asks a question.');
    expect(asker.facts).toMatchObject({ website: 'https://example.invalid/asker' });

    const [view] = (await sources.list(admin)).filter((s) => s.id === id);
    expect(view).toMatchObject({ metadataUrl: metadata.url, lastSync: { metadata: { records: 3 } } });
  });

  it('makes a new version when a record changes, and nothing when it does not', async () => {
    const { id } = await add(metadata.url);
    await syncCatalogueSource(deps, id);
    expect(await syncCatalogueSource(deps, id)).toMatchObject({ added: 0, unchanged: 3 });
    const record = metadata.records.find((r) => r.slug === 'hello-web');
    const before = record?.description;
    if (record) record.description = 'Hello Web, described anew.';
    try {
      expect(await syncCatalogueSource(deps, id)).toMatchObject({ added: 1, unchanged: 2 });
      expect(await newest(id, 'hello-web')).toMatchObject({ version: '1.0.1', description: 'Hello Web, described anew.' });
    } finally {
      if (record) record.description = before;
    }
  });

  it('falls back to the scripts’ own metadata when the database is down, and says so', async () => {
    const { id } = await add(metadata.url);
    metadata.down(true);
    try {
      const report = await syncCatalogueSource(deps, id);
      expect(report).toMatchObject({ result: 'partial', added: 3 });
      expect(report.metadata).toEqual({ url: metadata.url, error: expect.stringMatching(/answered HTTP 503.*the scripts' own metadata was used/) });
      // hello-web's own metadata file (frontend/public/json/hello-web.json) still applies.
      const hello = await newest(id, 'hello-web');
      expect(hello?.description).toBe("A tiny static web server, the Kiln test fixture's service.");
      expect((hello?.spec as Spec).postInstall).toContain('Default credentials: admin / hello');
    } finally {
      metadata.down(false);
    }
    // Not a database at all: the same fallback.
    const other = await add(`${fixture.url.replace(/\/repo\.git$/, '')}/raw/`);
    expect((await syncCatalogueSource(deps, other.id)).metadata).toMatchObject({ error: expect.stringMatching(/HTTP 404|PocketBase records/) });
  });

  it('is not kept for a kiln/v1 source, and a bad URL is reported next to its field', async () => {
    const { id } = await sources.create(admin, { name: uniqueSlug('meta'), kind: 'kiln', url: fixture.url, metadataUrl: metadata.url });
    expect((await db.catalogueSource.findUniqueOrThrow({ where: { id } })).metadataUrl).toBeNull();
    await expect(add('ftp://db.example.invalid')).rejects.toMatchObject({ code: 'VALIDATION', fieldErrors: { metadataUrl: expect.stringMatching(/https:\/\//) } });
  });
});
