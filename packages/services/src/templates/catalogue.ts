import type { Db } from '@kiln/db';
import { freeSlug, getTemplateDetail, listTemplateCards, type TemplateDetail } from './queries';
import { syncBuiltinTemplates } from './sync';

/** The catalogue: built-ins (synced first, so it is never empty) and the user's own templates. */
export async function templateCatalogue(db: Db, userId: string) {
  await syncBuiltinTemplates(db);
  return listTemplateCards(db, userId);
}

/** A template the user may see, with its versions (NOT_FOUND for another user's). */
export async function templateDetailFor(db: Db, userId: string, id: string): Promise<TemplateDetail> {
  await syncBuiltinTemplates(db);
  return getTemplateDetail(db, userId, id);
}

/** What the clone dialog proposes: a free `<slug>-copy` for either version choice. */
export async function cloneSuggestions(db: Db, userId: string, slug: string, version: string) {
  const base = `${slug.slice(0, 58)}-copy`;
  const [keep, reset] = await Promise.all([freeSlug(db, userId, base, version), freeSlug(db, userId, base, '1.0.0')]);
  return { keep, reset };
}
