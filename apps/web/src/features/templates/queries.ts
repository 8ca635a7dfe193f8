import 'server-only';
import { notFound } from 'next/navigation';
import { isAppError } from '@kiln/core';
import { freeSlug, getTemplateDetail, isTemplateId, listTemplateCards, syncBuiltinTemplates, type TemplateDetail } from '@kiln/services';
import { getDb } from '@/server/services';

/** The catalogue: built-ins (synced first, so it is never empty) and the user's own templates. */
export async function catalogueFor(userId: string) {
  const db = getDb();
  await syncBuiltinTemplates(db);
  return listTemplateCards(db, userId);
}

/** A template the user may see, or the 404 page (another user's template does not exist for them). */
export async function templateOr404(userId: string, id: string): Promise<TemplateDetail> {
  if (!isTemplateId(id)) notFound();
  const db = getDb();
  await syncBuiltinTemplates(db);
  return getTemplateDetail(db, userId, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
}

/** What the clone dialog proposes: a free `<slug>-copy` for either version choice. */
export async function cloneSuggestions(userId: string, slug: string, version: string) {
  const base = `${slug.slice(0, 58)}-copy`;
  const db = getDb();
  const [keep, reset] = await Promise.all([freeSlug(db, userId, base, version), freeSlug(db, userId, base, '1.0.0')]);
  return { keep, reset };
}
