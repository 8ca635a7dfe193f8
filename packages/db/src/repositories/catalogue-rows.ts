import { Prisma, type PrismaClient } from '../generated/client';

/** One template row as the catalogue's search index needs it: no steps, no file contents. */
export interface CatalogueRow {
  id: string;
  userId: string | null;
  slug: string;
  version: string;
  name: string;
  description: string;
  icon: string | null;
  tags: string[];
  builtin: boolean;
  sourceId: string | null;
  sourceName: string | null;
  updatedAt: Date;
  os: string | null;
  osVersion: string | null;
  cores: number | null;
  memory: number | null;
  disk: number | null;
  /** Set for an app a source lists but Kiln cannot deploy (a CatalogueListing row): why not. */
  notDeployable: string | null;
}

/**
 * Every template row with the few spec fields the catalogue filters on, read out of the JSON by
 * PostgreSQL: a helper-scripts template's spec carries its install functions and script (tens of
 * KiB), and a thousand of those is what the page must not load.
 */
/**
 * A default resource read out of the spec, or null when it is not a JSON number: one odd row (rows
 * written before the schema had a rule, or by hand) must not fail the query, and with it the
 * catalogue page of every user.
 */
const num = (key: 'cores' | 'memory' | 'disk') => Prisma.raw(`CASE WHEN jsonb_typeof(t."spec"->'defaults'->'${key}') = 'number' THEN (t."spec"->'defaults'->>'${key}')::float8 END`);

export async function listCatalogueRows(db: PrismaClient): Promise<CatalogueRow[]> {
  return db.$queryRaw<CatalogueRow[]>`
    SELECT t."id", t."userId", t."slug", t."version", t."name", t."description", t."icon", coalesce(t."tags", ARRAY[]::text[]) AS "tags", t."builtin",
      t."sourceId", s."name" AS "sourceName", t."updatedAt",
      t."spec"->'os'->>'distribution' AS "os", t."spec"->'os'->>'version' AS "osVersion",
      ${num('cores')} AS "cores", ${num('memory')} AS "memory", ${num('disk')} AS "disk", NULL::text AS "notDeployable"
    FROM "Template" t LEFT JOIN "CatalogueSource" s ON s."id" = t."sourceId"`;
}

const fact = (key: 'cores' | 'memory' | 'disk') => Prisma.raw(`CASE WHEN jsonb_typeof(l."facts"->'${key}') = 'number' THEN (l."facts"->>'${key}')::float8 END`);

/** The apps sources list but Kiln cannot deploy, as catalogue rows (no scripts), with the reason. */
export async function listCatalogueListingRows(db: PrismaClient): Promise<CatalogueRow[]> {
  return db.$queryRaw<CatalogueRow[]>`
    SELECT l."id", NULL::uuid AS "userId", l."slug", '' AS "version", l."name", l."description", NULL::text AS "icon", coalesce(l."tags", ARRAY[]::text[]) AS "tags", false AS "builtin",
      l."sourceId", s."name" AS "sourceName", l."updatedAt", l."facts"->>'os' AS "os", l."facts"->>'osVersion' AS "osVersion",
      ${fact('cores')} AS "cores", ${fact('memory')} AS "memory", ${fact('disk')} AS "disk", l."reason" AS "notDeployable"
    FROM "CatalogueListing" l JOIN "CatalogueSource" s ON s."id" = l."sourceId"`;
}

/**
 * What changes whenever the catalogue does: a row added, changed or removed, or a source renamed.
 * Six aggregates over three small tables, cheap enough to ask on every page view.
 */
export async function catalogueStamp(db: PrismaClient): Promise<string> {
  const [row] = await db.$queryRaw<{ stamp: string }[]>`
    SELECT concat_ws('/', (SELECT count(*) FROM "Template"), (SELECT max("updatedAt") FROM "Template"),
      (SELECT count(*) FROM "CatalogueSource"), (SELECT max("updatedAt") FROM "CatalogueSource"),
      (SELECT count(*) FROM "CatalogueListing"), (SELECT max("updatedAt") FROM "CatalogueListing")) AS "stamp"`;
  return row?.stamp ?? '';
}
