import 'server-only';
import type { Actor, CatalogueSourceView } from '@kiln/services';
import { catalogueSources } from '@/server/services';

export type { CatalogueSourceView };

export function listCatalogueSources(actor: Actor): Promise<CatalogueSourceView[]> {
  return catalogueSources().list(actor);
}
