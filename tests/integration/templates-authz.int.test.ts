import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { WebClient } from '../helpers/web-client';
import { builtinId, importOk, signedIn, uniqueSlug, validYaml } from './templates-fixture';

const webUrl = inject('webUrl');

afterAll(closeDb);

describe("user B and user A's templates", () => {
  let a: Awaited<ReturnType<typeof signedIn>>;
  let b: Awaited<ReturnType<typeof signedIn>>;
  let idA: string;
  let slugA: string;
  let specA: unknown;

  beforeAll(async () => {
    a = await signedIn(webUrl);
    b = await signedIn(webUrl);
    slugA = uniqueSlug('private');
    idA = await importOk(a.web, validYaml(slugA, '1.0.0', 'Private of A'));
    specA = (await getDb().template.findUniqueOrThrow({ where: { id: idA } })).spec;
  });

  it('B cannot see it in the catalogue or open its page', async () => {
    // Searched by its name: other tests' templates fill the catalogue's first page (24 cards).
    const search = `/templates?q=${encodeURIComponent(slugA)}`;
    expect((await a.web.page(search)).html).toContain('Private of A');
    expect((await b.web.page(search)).html).not.toContain('Private of A');
    expect((await b.web.page('/templates?source=mine')).html).not.toContain('Private of A');
    const page = await b.web.page(`/templates/${idA}`);
    expect(page.html).toContain('Page not found');
    expect(page.html).not.toContain('Private of A');
    expect((await b.web.page(`/templates/${idA}/edit`)).html).not.toContain('Private of A');
  });

  it('B cannot edit, delete or clone it through the server actions', async () => {
    const edit = await b.web.action('saveTemplateAction', { templateId: idA, document: { ...(specA as object), name: 'Taken over' } });
    expect(edit.serverError?.code).toBe('NOT_FOUND');
    const del = await b.web.action('deleteTemplateAction', { templateId: idA });
    expect(del.serverError?.code).toBe('NOT_FOUND');
    const clone = await b.web.action('cloneTemplateAction', { templateId: idA, version: 'keep' });
    expect(clone.serverError?.code).toBe('NOT_FOUND');
    const row = await getDb().template.findUniqueOrThrow({ where: { id: idA } });
    expect(row.name).toBe('Private of A');
    expect(row.spec).toEqual(specA);
    expect(await getDb().template.count({ where: { userId: b.user.id } })).toBe(0);
  });

  it('B cannot export it; without a session the export is refused', async () => {
    const res = await b.web.fetch(`/templates/${idA}/export?format=json`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(slugA);
    const anon = await new WebClient(webUrl).fetch(`/templates/${idA}/export`);
    expect(anon.status).toBe(401);
    expect((await a.web.fetch(`/templates/${idA}/export`)).status).toBe(200);
  });

  it('actions without a session are refused', async () => {
    const anon = new WebClient(webUrl);
    expect((await anon.action('importTemplateAction', { text: validYaml(uniqueSlug()) })).serverError?.code).toBe('UNAUTHENTICATED');
    expect((await anon.action('deleteTemplateAction', { templateId: idA })).serverError?.code).toBe('UNAUTHENTICATED');
  });
});

describe('built-in templates', () => {
  it('cannot be edited or deleted by anyone, not even an administrator', async () => {
    for (const role of ['user', 'admin'] as const) {
      const { web } = await signedIn(webUrl, role);
      const id = await builtinId('nginx-static');
      const before = await getDb().template.findUniqueOrThrow({ where: { id } });
      const edit = await web.action('saveTemplateAction', { templateId: id, document: { ...(before.spec as object), name: 'Defaced' } });
      expect(edit.serverError?.code).toBe('FORBIDDEN');
      const del = await web.action('deleteTemplateAction', { templateId: id });
      expect(del.serverError?.code).toBe('FORBIDDEN');
      const after = await getDb().template.findUniqueOrThrow({ where: { id } });
      expect(after.spec).toEqual(before.spec);
      expect(after.updatedAt).toEqual(before.updatedAt);
      // Their edit page sends the user back to the template page, where Clone is offered.
      const page = await web.page(`/templates/${id}/edit`);
      expect(page.html).not.toContain('aria-label="Edit template"');
      if (page.status !== 200) expect(page.location).toMatch(new RegExp(`/templates/${id}$`));
    }
  });

  it('ids that are not UUIDs are simply not found', async () => {
    const { web } = await signedIn(webUrl);
    expect((await web.fetch('/templates/not-a-uuid/export')).status).toBe(404);
    expect((await web.action('deleteTemplateAction', { templateId: 'not-a-uuid' })).validationErrors).toBeTruthy();
  });
});
