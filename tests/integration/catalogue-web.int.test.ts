/**
 * Settings → Catalogue sources through the built web app and worker: an admin adds the fixture
 * source (served over loopback git), "Sync now" runs in the worker, and every user then finds the
 * templates with their provenance. Non-admins can neither see the page nor call its actions.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { serveGitFixture, type GitFixture } from '../helpers/git-fixture';
import { signedIn, uniqueSlug } from './templates-fixture';

const webUrl = inject('webUrl');
let fixture: GitFixture;

beforeAll(async () => {
  fixture = await serveGitFixture();
});

afterAll(async () => {
  await fixture.close();
  await closeDb();
});

const form = (extra: Record<string, unknown> = {}) => ({
  name: uniqueSlug('fixture'),
  kind: 'helper-scripts',
  url: fixture.url,
  ref: 'main',
  pinnedCommit: '',
  pinnedOnly: false,
  enabled: true,
  syncEveryMinutes: '',
  ...extra,
});

async function syncedAt(id: string, timeoutMs = 90_000): Promise<Date> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await getDb().catalogueSource.findUniqueOrThrow({ where: { id } });
    if (row.lastSyncAt) return row.lastSyncAt;
    if (Date.now() > until) throw new Error('the worker did not sync the source');
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('catalogue sources in the web app', () => {
  it('an admin adds a source and syncs it; every user then sees its templates with provenance', async () => {
    const admin = await signedIn(webUrl, 'admin');
    const input = form();
    const added = await admin.web.action<{ id: string }>('saveCatalogueSourceAction', input);
    expect(added.data, JSON.stringify(added.serverError ?? added.validationErrors)).toMatchObject({ id: expect.any(String) });
    const id = added.data?.id ?? '';

    const sync = await admin.web.action('syncCatalogueSourceAction', { id });
    expect(sync.data).toEqual({ ok: true });
    await syncedAt(id);

    const settings = await admin.web.page('/settings/catalogue');
    expect(settings.html).toContain(input.name);
    expect(settings.html).toContain('synced with problems');
    expect(settings.html).toContain('ct/broken.sh');
    expect(settings.html).toContain('ct/asker.sh');

    const user = await signedIn(webUrl);
    // Filtered to this source: other tests' sources fill the first page of all synced apps.
    const list = await user.web.page(`/templates?source=${id}`);
    expect(list.html).toContain('Hello Web');
    expect(list.html).toContain(input.name);
    const row = await getDb().template.findFirstOrThrow({ where: { sourceId: id, slug: 'hello-web' } });
    const detail = await user.web.page(`/templates/${row.id}`);
    expect(detail.html).toContain('ct/hello-web.sh');
    expect(detail.html).toContain(row.sourceCommit ?? 'no commit');
    expect(detail.html).toContain(row.contentHash ?? 'no hash');
    // Read-only: no edit link for a synced template.
    expect(detail.html).not.toContain(`/templates/${row.id}/edit`);
    expect((await user.web.page(`/templates/${row.id}/edit`)).location).toBe(`/templates/${row.id}`);

    // The prompting app: listed with its reason; its app page shows everything but a Deploy button.
    const listing = await getDb().catalogueListing.findFirstOrThrow({ where: { sourceId: id, path: 'ct/asker.sh' } });
    const found = await user.web.page(`/templates?source=${id}&q=asker`);
    expect(found.html).toContain(`/templates/apps/${listing.id}`);
    expect(found.html).toContain('Not deployable');
    const app = await user.web.page(`/templates/apps/${listing.id}`);
    expect(app.html).toContain('Asker');
    expect(app.html).toContain('read -p (line 9)');
    expect(app.html).toContain(listing.sourceCommit);
    expect(app.html).toContain(listing.contentHash);
    expect(app.html).toContain('install/asker-install.sh');
    expect(app.html).toContain('debian 12 · 1 core · 256 MiB · 2 GiB disk');
    expect(app.html).not.toContain('/containers/new');
    expect(app.html).not.toMatch(/>Deploy</);
    expect((await user.web.page('/templates/apps/00000000-0000-4000-8000-000000000000')).html).toContain('Page not found');
  });

  it('puts bad input next to its field', async () => {
    const admin = await signedIn(webUrl, 'admin');
    const r = await admin.web.action('saveCatalogueSourceAction', form({ url: 'ftp://example.org/x.git', pinnedCommit: 'abc' }));
    expect(r.validationErrors).toMatchObject({ fieldErrors: { url: [expect.stringMatching(/https:\/\//)], pinnedCommit: [expect.stringMatching(/40-character/)] } });
  });

  it('is not there for a user who is not an admin', async () => {
    const admin = await signedIn(webUrl, 'admin');
    const theirs = await admin.web.action<{ id: string }>('saveCatalogueSourceAction', form());
    const user = await signedIn(webUrl);
    expect((await user.web.page('/settings/catalogue')).html).toContain('Page not found');
    expect((await user.web.action('saveCatalogueSourceAction', form())).serverError).toMatchObject({ code: 'FORBIDDEN' });
    for (const action of ['syncCatalogueSourceAction', 'deleteCatalogueSourceAction']) {
      expect((await user.web.action(action, { id: theirs.data?.id })).serverError).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await getDb().catalogueSource.count({ where: { id: theirs.data?.id } })).toBe(1);
  });
});
