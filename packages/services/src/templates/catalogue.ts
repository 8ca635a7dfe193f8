import type { Db } from '@kiln/db';
import type { CatalogueQuery } from '../schemas/catalogue-query';
import { freeSlug, getTemplateDetail, type TemplateDetail } from './queries';
import { searchCatalogue, visibleCards, type CataloguePage } from './search';
import { ensureBuiltinTemplates } from './sync';

/** The catalogue: built-ins (synced first, so it is never empty) and the user's own templates. */
export async function templateCatalogue(db: Db, userId: string) {
  await ensureBuiltinTemplates(db);
  return visibleCards(db, userId);
}

/** One page of the catalogue for a search and filters (built-ins synced first, as above). */
export async function templateCataloguePage(db: Db, userId: string, query: CatalogueQuery): Promise<CataloguePage> {
  await ensureBuiltinTemplates(db);
  return searchCatalogue(db, userId, query);
}

/** A template the user may see, with its versions (NOT_FOUND for another user's). */
export async function templateDetailFor(db: Db, userId: string, id: string): Promise<TemplateDetail> {
  await ensureBuiltinTemplates(db);
  return getTemplateDetail(db, userId, id);
}

/** What the clone dialog proposes: a free `<slug>-copy` for either version choice. */
export async function cloneSuggestions(db: Db, userId: string, slug: string, version: string) {
  const base = `${slug.slice(0, 58)}-copy`;
  const [keep, reset] = await Promise.all([freeSlug(db, userId, base, version), freeSlug(db, userId, base, '1.0.0')]);
  return { keep, reset };
}
