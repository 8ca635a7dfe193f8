import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseTemplateText } from '@kiln/core/templates';
import { closeDb, getDb } from '@kiln/db';
import { syncBuiltinTemplates } from '@kiln/services';
import { builtinId, containerFrom, importOk, signedIn, uniqueSlug, validYaml, type ImportData } from './templates-fixture';

const webUrl = inject('webUrl');

afterAll(closeDb);

const BROKEN = `apiVersion: kiln/v1
slug: Bad Slug
name: Broken
version: 1.0.0
description: A broken template.
icon: "🧪"
os: { distribution: debian, version: "12" }
steps:
  - id: install
    type: packages
    packages: [curl]
  - id: configure
    type: file
    path: /etc/x.conf
    content: hi
  - id: run-it
    type: script
    timout: 30
`;

describe('importing templates', () => {
  it('refuses an invalid file with every error at its exact path, line and column', async () => {
    const { user, web } = await signedIn(webUrl);
    const r = await web.action<ImportData>('importTemplateAction', { text: BROKEN });
    expect(r.data?.ok).toBe(false);
    const errors = (r.data as { errors: unknown[] }).errors;
    expect(errors).toEqual([
      { path: 'slug', message: expect.stringMatching(/kebab-case/), line: 2, column: 1 },
      { path: 'steps[2].run', message: 'required', line: 16, column: 5 },
      { path: 'steps[2].timout', message: 'unknown field', line: 18, column: 5 },
    ]);
    expect(await getDb().template.count({ where: { userId: user.id } })).toBe(0);
  });

  it('reports JSON syntax errors with their position', async () => {
    const { web } = await signedIn(webUrl);
    const r = await web.action<ImportData>('importTemplateAction', { text: '{"apiVersion": "kiln/v1",\n  "steps": [}', format: 'json' });
    expect(r.data).toMatchObject({ ok: false, errors: [{ path: '', line: 2, column: 13 }] });
  });

  it('makes a valid file a template owned by the user, and records it in the audit log', async () => {
    const { user, web } = await signedIn(webUrl);
    const slug = uniqueSlug();
    const id = await importOk(web, validYaml(slug));
    const row = await getDb().template.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: user.id, builtin: false, slug, version: '1.0.0', name: 'Hello web', tags: ['web', 'test'] });
    expect((row.spec as { steps: unknown[] }).steps).toHaveLength(3);
    const audit = await getDb().auditEvent.findFirst({ where: { userId: user.id, action: 'template.import', targetId: id } });
    expect(audit?.targetName).toBe(`${slug}@1.0.0`);
    // The page renders it, with secrets marked as generated.
    const page = await web.page(`/templates/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('generated when empty');
  });

  it('refuses a slug and version the user already has, on the version field; "import as" another version works', async () => {
    const { user, web } = await signedIn(webUrl);
    const slug = uniqueSlug();
    await importOk(web, validYaml(slug));
    const again = await web.action<ImportData>('importTemplateAction', { text: validYaml(slug) });
    expect(again.data).toEqual({ ok: false, errors: [{ path: 'version', message: `You already have ${slug} 1.0.0. Choose another version (or slug).` }], conflict: { slug, version: '1.0.0' } });
    const bad = await web.action<ImportData>('importTemplateAction', { text: validYaml(slug), version: 'two' });
    expect(bad.data).toMatchObject({ ok: false, errors: [{ path: 'version', message: 'must be a semantic version like 1.0.0' }] });
    const as = await web.action<ImportData>('importTemplateAction', { text: validYaml(slug), version: '1.1.0' });
    expect(as.data?.ok).toBe(true);
    expect((await getDb().template.findMany({ where: { userId: user.id, slug }, select: { version: true }, orderBy: { version: 'asc' } })).map((r) => r.version)).toEqual(['1.0.0', '1.1.0']);
  });
});

describe('cloning', () => {
  it('clones a built-in into an editable copy owned by the user', async () => {
    const { user, web } = await signedIn(webUrl);
    const source = await builtinId('redis');
    const builtin = await getDb().template.findUniqueOrThrow({ where: { id: source } });
    const r = await web.action<{ id: string }>('cloneTemplateAction', { templateId: source, version: 'reset' });
    const copy = await getDb().template.findUniqueOrThrow({ where: { id: r.data!.id } });
    expect(copy).toMatchObject({ userId: user.id, builtin: false, slug: 'redis-copy', version: '1.0.0', name: `${builtin.name} (copy)` });
    expect({ ...(copy.spec as object), slug: 'redis', version: builtin.version, name: builtin.name }).toEqual(builtin.spec);
    // A second clone gets the next free slug; a chosen slug that exists is refused on the slug field.
    const second = await web.action<{ id: string }>('cloneTemplateAction', { templateId: source, version: 'reset' });
    expect((await getDb().template.findUniqueOrThrow({ where: { id: second.data!.id } })).slug).toBe('redis-copy-2');
    const clash = await web.action('cloneTemplateAction', { templateId: source, slug: 'redis-copy', version: 'reset' });
    expect(clash.serverError).toMatchObject({ code: 'CONFLICT', fieldErrors: { slug: expect.stringMatching(/already have redis-copy 1\.0\.0/) } });
    const badSlug = await web.action('cloneTemplateAction', { templateId: source, slug: 'Not A Slug', version: 'keep' });
    expect(badSlug.serverError?.fieldErrors?.['slug']).toMatch(/kebab-case/);
    expect(await getDb().auditEvent.count({ where: { userId: user.id, action: 'template.create' } })).toBe(2);
  });
});

describe('editing', () => {
  it('puts a validation error on its exact path and changes nothing', async () => {
    const { web } = await signedIn(webUrl);
    const id = await importOk(web, validYaml(uniqueSlug()));
    const before = await getDb().template.findUniqueOrThrow({ where: { id } });
    const doc = structuredClone(before.spec) as { steps: Record<string, unknown>[]; params: Record<string, unknown>[] };
    delete doc.steps[2]!['run'];
    doc.params[0]!['default'] = 42;
    const r = await web.action('saveTemplateAction', { templateId: id, document: doc });
    expect(r.serverError?.code).toBe('VALIDATION');
    expect(r.serverError?.fieldErrors).toEqual({ 'steps[2].run': 'required', 'params[0].default': 'must be text' });
    expect((await getDb().template.findUniqueOrThrow({ where: { id } })).spec).toEqual(before.spec);
  });

  it('saves in place, saves another version as a new row, and keeps a used version as it is', async () => {
    const { user, web } = await signedIn(webUrl);
    const slug = uniqueSlug();
    const id = await importOk(web, validYaml(slug));
    const spec = (await getDb().template.findUniqueOrThrow({ where: { id } })).spec as Record<string, unknown>;

    const inPlace = await web.action<{ id: string; newVersion: boolean }>('saveTemplateAction', { templateId: id, document: { ...spec, name: 'Renamed' } });
    expect(inPlace.data).toEqual({ id, newVersion: false });
    expect((await getDb().template.findUniqueOrThrow({ where: { id } })).name).toBe('Renamed');

    const newSlug = await web.action('saveTemplateAction', { templateId: id, document: { ...spec, slug: `${slug}-x` } });
    expect(newSlug.serverError?.fieldErrors?.['slug']).toMatch(/stays/);

    await containerFrom(user.id, id);
    const used = await web.action('saveTemplateAction', { templateId: id, document: { ...spec, name: 'Changed again' } });
    expect(used.serverError).toMatchObject({ code: 'CONFLICT', fieldErrors: { version: expect.stringMatching(/1 container was made from 1\.0\.0.*e\.g\. 1\.0\.1/) } });

    const v2 = await web.action<{ id: string; newVersion: boolean }>('saveTemplateAction', { templateId: id, document: { ...spec, version: '1.0.1', name: 'Changed again' } });
    expect(v2.data?.newVersion).toBe(true);
    const rows = await getDb().template.findMany({ where: { userId: user.id, slug }, orderBy: { version: 'asc' } });
    expect(rows.map((r) => [r.version, r.name])).toEqual([
      ['1.0.0', 'Renamed'],
      ['1.0.1', 'Changed again'],
    ]);
    expect(await getDb().auditEvent.count({ where: { userId: user.id, action: 'template.update' } })).toBe(2);
  });

  it('creates a template from the editor document', async () => {
    const { user, web } = await signedIn(webUrl);
    const slug = uniqueSlug();
    const doc = parseTemplateText(validYaml(slug));
    if (!doc.ok) throw new Error('fixture is invalid');
    const r = await web.action<{ id: string }>('saveTemplateAction', { document: doc.template });
    expect((await getDb().template.findUniqueOrThrow({ where: { id: r.data!.id } })).userId).toBe(user.id);
    const again = await web.action('saveTemplateAction', { document: doc.template });
    expect(again.serverError?.fieldErrors?.['version']).toMatch(/already have/);
  });
});

describe('deleting', () => {
  it('deletes a template; containers made from it keep their provenance', async () => {
    const { user, web } = await signedIn(webUrl);
    const slug = uniqueSlug();
    const id = await importOk(web, validYaml(slug));
    const ct = await containerFrom(user.id, id);
    const r = await web.action<{ containers: number }>('deleteTemplateAction', { templateId: id });
    expect(r.data).toEqual({ containers: 1 });
    expect(await getDb().template.count({ where: { id } })).toBe(0);
    const after = await getDb().container.findUniqueOrThrow({ where: { id: ct.id } });
    expect(after).toMatchObject({ templateId: null, templateSlug: slug, templateVersion: '1.0.0' });
    expect(await getDb().auditEvent.count({ where: { userId: user.id, action: 'template.delete', targetId: id } })).toBe(1);
  });

  it('refuses while a container is being created from it', async () => {
    const { user, web } = await signedIn(webUrl);
    const id = await importOk(web, validYaml(uniqueSlug()));
    await containerFrom(user.id, id, 'creating');
    const r = await web.action('deleteTemplateAction', { templateId: id });
    expect(r.serverError?.code).toBe('CONFLICT');
    expect(await getDb().template.count({ where: { id } })).toBe(1);
  });
});

describe('export', () => {
  it('round-trips YAML and JSON files through import', async () => {
    const { web } = await signedIn(webUrl);
    const slug = uniqueSlug();
    const id = await importOk(web, validYaml(slug));
    const spec = (await getDb().template.findUniqueOrThrow({ where: { id } })).spec;
    for (const [format, version] of [
      ['yaml', '2.0.0'],
      ['json', '3.0.0'],
    ] as const) {
      const res = await web.fetch(`/templates/${id}/export?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${slug}-1.0.0.${format}"`);
      expect(res.headers.get('content-type')).toMatch(format === 'json' ? /^application\/json/ : /^application\/yaml/);
      const text = await res.text();
      const parsed = parseTemplateText(text, { format });
      expect(parsed.ok && parsed.template).toEqual(spec);
      const copy = await importOk(web, text.replace(/(version:\s*|"version":\s*")1\.0\.0/, `$1${version}`));
      expect({ ...((await getDb().template.findUniqueOrThrow({ where: { id: copy } })).spec as object), version: '1.0.0' }).toEqual(spec);
    }
  });

  it('exports built-ins too', async () => {
    const { web } = await signedIn(webUrl);
    const res = await web.fetch(`/templates/${await builtinId('postgresql')}/export`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^apiVersion: kiln\/v1\nslug: postgresql\n/);
  });
});

describe('built-in templates at start-up', () => {
  it('a process that starts again leaves unchanged built-ins as they are (no rewrite, same updatedAt)', async () => {
    await syncBuiltinTemplates(getDb());
    const before = await getDb().template.findMany({ where: { builtin: true, userId: null }, select: { id: true, updatedAt: true }, orderBy: { id: 'asc' } });
    // What a new web or worker process has: no digest of an earlier sync in memory.
    delete (globalThis as { __kilnTemplatesSynced?: string }).__kilnTemplatesSynced;
    expect(await syncBuiltinTemplates(getDb())).toBe(0);
    const after = await getDb().template.findMany({ where: { builtin: true, userId: null }, select: { id: true, updatedAt: true }, orderBy: { id: 'asc' } });
    expect(before.length).toBeGreaterThanOrEqual(6);
    expect(after).toEqual(before);
  });
});

describe('the catalogue', () => {
  it('lists the built-ins and filters by text and tag from the URL', async () => {
    const { web } = await signedIn(webUrl);
    // Other tests' templates share the catalogue (24 cards a page): the built-ins by their filter.
    const all = await web.page('/templates?source=builtin');
    for (const slug of ['base', 'nginx-static', 'postgresql', 'redis', 'docker-host', 'nodejs-app']) expect(all.html).toContain(`data-template="${slug}"`);
    const redis = await web.page('/templates?q=redis');
    expect(redis.html).toContain('data-template="redis"');
    expect(redis.html).not.toContain('data-template="postgresql"');
    const db = await web.page('/templates?tag=database');
    expect(db.html).toContain('data-template="postgresql"');
    expect(db.html).not.toContain('data-template="nginx-static"');
  });

  it('shows what a root-only feature needs on the template page', async () => {
    const { web } = await signedIn(webUrl);
    const page = await web.page(`/templates/${await builtinId('docker-host')}`);
    expect(page.html).toContain('keyctl on · needs root over SSH');
  });
});
