/**
 * The catalogue page's search against the real database: scoped by the viewer (never another
 * user's private template, whatever the words or filters), filters, sort and paging, and a change
 * to the template set seen by the very next search (the index is rebuilt per set version).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { TemplateService, templateCataloguePage, type Actor } from '@kiln/services';
import { parseCatalogueQuery } from '@kiln/services/schemas';
import { makeUser } from '../helpers/users';
import { uniqueSlug } from './templates-fixture';

const db = getDb();
const service = new TemplateService(db);
/** A word no other test file's templates carry, so counts are this file's own. */
const word = `zq${randomBytes(4).toString('hex')}`;

let alice: Actor;
let bob: Actor;
let admin: Actor;
let sourceId: string;
let alicesDiary: string;

function yaml(o: { slug: string; name: string; description?: string; tags: string[]; os?: string; osVersion?: string; cores: number; memory: number }): string {
  return `apiVersion: kiln/v1
slug: ${o.slug}
name: ${o.name}
version: 1.0.0
description: ${o.description ?? `${word} app`}
icon: "📦"
tags: [${o.tags.join(', ')}]
os: { distribution: ${o.os ?? 'debian'}, version: "${o.osVersion ?? '12'}" }
defaults: { cores: ${o.cores}, memory: ${o.memory}, disk: 4 }
steps:
  - { id: install, type: packages, packages: [curl] }
`;
}

async function importAs(actor: Actor, doc: Parameters<typeof yaml>[0]) {
  const r = await service.importText(actor, yaml(doc));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.id;
}

const search = (actor: Actor, sp: Record<string, string>) => templateCataloguePage(db, actor.id, parseCatalogueQuery(sp));
const slugs = (page: Awaited<ReturnType<typeof search>>) => page.items.map((c) => c.slug);

beforeAll(async () => {
  const [a, b, c] = await Promise.all([makeUser('user'), makeUser('user'), makeUser('admin')]);
  alice = { id: a.id, username: a.username, role: 'user' };
  bob = { id: b.id, username: b.username, role: 'user' };
  admin = { id: c.id, username: c.username, role: 'admin' };
  alicesDiary = await importAs(alice, { slug: 'secret-diary', name: `Secret diary ${word}`, tags: ['notes'], cores: 1, memory: 256 });
  await importAs(alice, { slug: 'alice-db', name: `Alice DB ${word}`, tags: ['database'], cores: 4, memory: 4096 });
  await importAs(bob, { slug: 'bob-web', name: `Bob web ${word}`, tags: ['web'], cores: 2, memory: 1024 });
  // A synced template: visible to everyone, read-only.
  const source = await db.catalogueSource.create({ data: { name: uniqueSlug('search-src'), kind: 'kiln', url: 'https://example.invalid/repo.git', createdById: admin.id } });
  sourceId = source.id;
  const r = await service.importText(alice, yaml({ slug: 'shared-cache', name: `Shared cache ${word}`, tags: ['cache'], os: 'alpine', osVersion: '3.22', cores: 2, memory: 512 }), {
    slug: uniqueSlug('tmp'),
  });
  if (!r.ok) throw new Error('import failed');
  await db.template.update({ where: { id: r.id }, data: { userId: null, sourceId, slug: 'shared-cache', sourcePath: 'shared-cache.yaml' } });
});

afterAll(async () => {
  await closeDb();
});

describe('catalogue search scoping', () => {
  it('never shows another user’s private template, whatever the words or filters', async () => {
    expect(slugs(await search(bob, { q: word }))).toEqual(['bob-web', 'shared-cache']);
    expect(slugs(await search(bob, { q: 'secret diary' }))).toEqual([]);
    expect(slugs(await search(bob, { q: word, category: 'documents' }))).toEqual([]);
    expect(slugs(await search(bob, { q: word, source: 'mine' }))).toEqual(['bob-web']);
    // Nor does an admin see a user's private template in the catalogue.
    expect(slugs(await search(admin, { q: word }))).toEqual(['shared-cache']);
    expect(slugs(await search(alice, { q: word }))).toEqual(['alice-db', 'secret-diary', 'shared-cache']);
    // Nor on any page of the unfiltered catalogue.
    const everything = await templateCataloguePage(db, bob.id, { ...parseCatalogueQuery({}), pageSize: 1000 });
    expect(everything.items.map((c) => c.id)).not.toContain(alicesDiary);
    expect(everything.items.some((c) => c.slug === 'bob-web')).toBe(true);
  });
});

describe('catalogue search filters, sort and paging', () => {
  it('matches every word in name, description, tags or category', async () => {
    // shared-cache's category is "Databases and caches": a weaker match, ranked after the tag.
    expect(slugs(await search(alice, { q: `${word} database` }))).toEqual(['alice-db', 'shared-cache']);
    expect(slugs(await search(alice, { q: `${word} Notes` }))).toEqual(['secret-diary']);
    expect(slugs(await search(alice, { q: `${word} documents` }))).toEqual(['secret-diary']);
    expect(slugs(await search(alice, { q: `${word} nothing-like-this` }))).toEqual([]);
  });

  it('filters by source, OS, category, cores and memory', async () => {
    expect(slugs(await search(alice, { q: word, source: sourceId }))).toEqual(['shared-cache']);
    expect(slugs(await search(alice, { q: word, source: 'synced' }))).toEqual(['shared-cache']);
    expect(slugs(await search(alice, { q: word, os: 'alpine' }))).toEqual(['shared-cache']);
    expect(slugs(await search(alice, { q: word, category: 'databases' }))).toEqual(['alice-db', 'shared-cache']);
    expect(slugs(await search(alice, { q: word, cores: '2-' }))).toEqual(['alice-db', 'shared-cache']);
    expect(slugs(await search(alice, { q: word, memory: '-512' }))).toEqual(['secret-diary', 'shared-cache']);
    expect(slugs(await search(alice, { q: word, cores: '1', memory: '-512' }))).toEqual(['secret-diary']);
  });

  it('sorts by name, resources or recent update, and pages', async () => {
    expect(slugs(await search(alice, { q: word, sort: 'resources' }))).toEqual(['secret-diary', 'shared-cache', 'alice-db']);
    expect(slugs(await search(alice, { q: word, sort: 'name' }))).toEqual(['alice-db', 'secret-diary', 'shared-cache']);
    const page = await templateCataloguePage(db, alice.id, { ...parseCatalogueQuery({ q: word, sort: 'name', page: '2' }), pageSize: 2 });
    expect(page).toMatchObject({ total: 3, page: 2, pages: 2 });
    expect(slugs(page)).toEqual(['shared-cache']);
  });

  it('sees a new template, a change and a deletion on the next search', async () => {
    const id = await importAs(bob, { slug: 'bob-late', name: `Bob late ${word}`, tags: ['web'], cores: 1, memory: 128 });
    expect(slugs(await search(bob, { q: word, sort: 'updated' }))[0]).toBe('bob-late');
    await db.template.update({ where: { id }, data: { name: `Bob renamed ${word}` } });
    expect((await search(bob, { q: `renamed ${word}` })).items.map((c) => c.name)).toEqual([`Bob renamed ${word}`]);
    await db.template.delete({ where: { id } });
    expect(slugs(await search(bob, { q: word }))).toEqual(['bob-web', 'shared-cache']);
  });

  it('one odd row (no tags, a resource that is not a number) does not break the page for anyone', async () => {
    // Rows written by hand or before a rule existed: the column is nullable, the spec is JSON.
    const odd = await db.template.create({
      data: { slug: uniqueSlug('odd'), version: '1.0.0', name: `Odd ${word}`, description: `${word} odd`, builtin: false, userId: bob.id, spec: { defaults: { cores: 'two', memory: 512.5 } } },
    });
    await db.$executeRaw`UPDATE "Template" SET "tags" = NULL WHERE "id" = ${odd.id}`;
    try {
      const page = await search(bob, { q: word });
      expect(slugs(page)).toContain(odd.slug);
      expect(page.items.find((c) => c.slug === odd.slug)).toMatchObject({ tags: [], cores: null });
      expect(slugs(await search(alice, { q: word }))).not.toContain(odd.slug);
    } finally {
      await db.template.delete({ where: { id: odd.id } });
    }
  });
});
