/**
 * The catalogue page's query as the URL carries it (shareable, survives reloads). Parsed leniently:
 * a value that makes no sense is dropped (it came from a link), never an error page.
 */
import { z } from 'zod';

export const CATALOGUE_SORTS = ['relevance', 'name', 'updated', 'resources'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];
/** Cards a page: 24 keep the page's HTML near 100 KiB whatever the catalogue's size. */
export const CATALOGUE_PAGE_SIZE = 24;

export interface CatalogueRange {
  min?: number;
  max?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) => z.preprocess((v) => (typeof first(v) === 'string' ? (first(v) as string).trim().slice(0, max) : ''), z.string());

/** `2-4`, `2-` (at least), `-1024` (at most) or `2` (exactly); anything else is no filter. */
export function parseRange(raw: string): CatalogueRange | null {
  const m = /^(\d{0,7})(-?)(\d{0,7})$/.exec(raw.trim());
  if (!m || (m[1] === '' && m[3] === '')) return null;
  const min = m[1] ? Number(m[1]) : undefined;
  const max = m[2] ? (m[3] ? Number(m[3]) : undefined) : min;
  if (min !== undefined && max !== undefined && min > max) return null;
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

export function formatRange(r: CatalogueRange | null): string {
  if (!r) return '';
  if (r.min !== undefined && r.min === r.max) return String(r.min);
  return `${r.min ?? ''}-${r.max ?? ''}`;
}

const range = text(20).transform(parseRange);

export const catalogueQuerySchema = z.object({
  q: text(200),
  tag: text(32).transform((t) => t.toLowerCase()),
  /** all, builtin, synced (any source), mine, or one source's id. */
  source: text(40).transform((s) => (s === 'builtin' || s === 'synced' || s === 'mine' || UUID.test(s) ? s.toLowerCase() : 'all')),
  os: text(20).transform((s) => (/^[a-z][a-z0-9-]*$/.test(s) ? s : '')),
  category: text(20).transform((s) => (/^[a-z]+$/.test(s) ? s : '')),
  cores: range,
  /** MiB */
  memory: range,
  sort: text(20).transform((s): CatalogueSort => ((CATALOGUE_SORTS as readonly string[]).includes(s) ? (s as CatalogueSort) : 'relevance')),
  page: text(6).transform((s) => (/^\d+$/.test(s) ? Math.max(1, Number(s)) : 1)),
  pageSize: z.number().int().min(1).max(1000).default(CATALOGUE_PAGE_SIZE),
});
export type CatalogueQuery = z.output<typeof catalogueQuerySchema>;

export function parseCatalogueQuery(sp: Record<string, unknown>): CatalogueQuery {
  return catalogueQuerySchema.parse({ ...sp, pageSize: undefined });
}

/** Whether anything narrows the list (the empty state then offers to clear it). */
export function isFiltered(q: CatalogueQuery): boolean {
  return q.q !== '' || q.tag !== '' || q.source !== 'all' || q.os !== '' || q.category !== '' || q.cores !== null || q.memory !== null;
}

/** The catalogue URL with part of the query changed; a filter change goes back to page 1. Defaults leave the URL. */
export function catalogueHref(q: CatalogueQuery, change: Partial<CatalogueQuery>): string {
  const next = { ...q, ...(change.page === undefined ? { page: 1 } : {}), ...change };
  const p = new URLSearchParams();
  if (next.q) p.set('q', next.q);
  if (next.tag) p.set('tag', next.tag);
  if (next.source !== 'all') p.set('source', next.source);
  if (next.os) p.set('os', next.os);
  if (next.category) p.set('category', next.category);
  if (next.cores) p.set('cores', formatRange(next.cores));
  if (next.memory) p.set('memory', formatRange(next.memory));
  if (next.sort !== 'relevance') p.set('sort', next.sort);
  if (next.page > 1) p.set('page', String(next.page));
  const qs = p.toString();
  return qs ? `/templates?${qs}` : '/templates';
}
