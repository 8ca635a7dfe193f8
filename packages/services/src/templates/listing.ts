/**
 * The app page of an app a catalogue source lists but Kiln cannot deploy: its metadata, the
 * reason, the source, commit and the scripts as the source holds them. Like a source's templates
 * it is visible to every signed-in user (sources are shared; there is nothing private in it).
 */
import { z } from 'zod';
import { NotFoundError } from '@kiln/core';
import type { ListingFacts } from '@kiln/core/catalogue';
import type { Db } from '@kiln/db';
import { isTemplateId } from './queries';

export interface CatalogueListingDetail {
  id: string;
  slug: string;
  name: string;
  description: string;
  tags: string[];
  reason: string;
  path: string;
  commit: string;
  contentHash: string;
  facts: ListingFacts;
  files: { path: string; content: string }[];
  source: { id: string; name: string; url: string };
  updatedAt: Date;
}

const opt = <T extends z.ZodTypeAny>(s: T) => s.optional().catch(undefined);
const factsSchema = z.object({
  os: opt(z.string()),
  osVersion: opt(z.string()),
  cores: opt(z.number()),
  memory: opt(z.number()),
  disk: opt(z.number()),
  interfacePort: opt(z.number()),
  credentials: opt(z.string()),
  notes: z.array(z.string()).catch([]),
  website: opt(z.string()),
  logo: opt(z.string()),
});
const filesSchema = z.array(z.object({ path: z.string(), content: z.string() })).catch([]);

/** One listing, or NotFoundError. */
export async function catalogueListingFor(db: Db, _userId: string, id: string): Promise<CatalogueListingDetail> {
  if (!isTemplateId(id)) throw new NotFoundError('App');
  const row = await db.catalogueListing.findUnique({ where: { id }, include: { source: { select: { id: true, name: true, url: true } } } });
  if (!row) throw new NotFoundError('App');
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    tags: row.tags,
    reason: row.reason,
    path: row.path,
    commit: row.sourceCommit,
    contentHash: row.contentHash,
    facts: factsSchema.parse(row.facts),
    files: filesSchema.parse(row.files),
    source: row.source,
    updatedAt: row.updatedAt,
  };
}
