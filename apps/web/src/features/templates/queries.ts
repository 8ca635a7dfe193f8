import 'server-only';
import { notFound } from 'next/navigation';
import { isAppError } from '@kiln/core';
import {
  catalogueListingFor,
  cloneSuggestions as suggestions,
  deployabilityFor,
  isTemplateId,
  templateCataloguePage,
  templateDetailFor,
  type CatalogueListingDetail,
  type TemplateDetail,
} from '@kiln/services';
import type { CatalogueQuery } from '@kiln/services/schemas';
import { deps } from '@/server/services';

/** One page of the catalogue the user may see (built-ins, catalogue sources', their own) for a search. */
export function cataloguePageFor(userId: string, query: CatalogueQuery) {
  return templateCataloguePage(deps().db, userId, query);
}

/** A template the user may see, or the 404 page (another user's template does not exist for them). */
export async function templateOr404(userId: string, id: string): Promise<TemplateDetail> {
  if (!isTemplateId(id)) notFound();
  return templateDetailFor(deps().db, userId, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
}

/** An app a source lists but Kiln cannot deploy, or the 404 page. */
export async function listingOr404(userId: string, id: string): Promise<CatalogueListingDetail> {
  return catalogueListingFor(deps().db, userId, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
}

/** What the clone dialog proposes: a free `<slug>-copy` for either version choice. */
export function cloneSuggestions(userId: string, slug: string, version: string) {
  return suggestions(deps().db, userId, slug, version);
}

/** Whether the user can deploy now (a node they may create on, with working SSH), and why not. */
export function deployabilityOf(userId: string) {
  return deployabilityFor(deps().db, userId);
}
