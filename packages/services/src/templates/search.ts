/**
 * The catalogue's search: one in-memory index of every template row, built once per version of
 * the template set (catalogueStamp) and shared by all users; each request filters it by the
 * viewer's scope, then by the query, sorts and returns one page. Bounded: one index, replaced
 * when the set changes, holding no steps or file contents (bench/catalogue-page.bench.ts).
 */
import { categoryLabel, categoryOf, CATALOGUE_CATEGORIES, type CatalogueCategory } from '@kiln/core/catalogue';
import { catalogueStamp, listCatalogueListingRows, listCatalogueRows, type CatalogueRow, type Db } from '@kiln/db';
import { compareSemver } from './semver';
import { templateVisibleTo } from '../scopes';
import type { CatalogueQuery } from '../schemas/catalogue-query';

/** A catalogue card: the newest version of one owner's slug, with the fields the filters read. */
export type TemplateCard = Pick<
  CatalogueRow,
  'id' | 'slug' | 'version' | 'name' | 'description' | 'icon' | 'tags' | 'builtin' | 'updatedAt' | 'os' | 'osVersion' | 'cores' | 'memory' | 'disk' | 'notDeployable'
> & {
  /** The catalogue source it was synced from (read-only, like a built-in), or null. */
  source: { id: string; name: string } | null;
  /** How many versions of this slug the same owner has (the card shows the newest). */
  versionCount: number;
  category: CatalogueCategory;
};

interface Entry {
  card: TemplateCard;
  owner: { userId: string | null; builtin: boolean; sourceId: string | null };
  /** Lower-cased name, slug, description, tags, category and source name, for word search. */
  haystack: string;
  name: string;
  tags: string[];
  /** Position by name (then slug) in the whole index: every sort's tiebreak is a number compare. */
  rank: number;
}

interface Index {
  stamp: string;
  entries: Entry[];
}

/** One card per owner and slug: the newest version, with how many versions there are. */
function buildIndex(stamp: string, rows: CatalogueRow[]): Index {
  const groups = new Map<string, CatalogueRow[]>();
  for (const r of rows) {
    const key = r.notDeployable !== null ? `listing:${r.id}` : `${r.builtin ? 'builtin' : r.sourceId ? `source:${r.sourceId}` : `user:${r.userId ?? ''}`}:${r.slug}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const entries: Entry[] = [];
  for (const list of groups.values()) {
    const r = list.reduce((a, b) => (compareSemver(b.version, a.version) > 0 ? b : a));
    const category = categoryOf(r.tags);
    const source = r.sourceId ? { id: r.sourceId, name: r.sourceName ?? '' } : null;
    const card: TemplateCard = {
      id: r.id,
      slug: r.slug,
      version: r.version,
      name: r.name,
      description: r.description,
      icon: r.icon,
      tags: r.tags,
      builtin: r.builtin,
      source,
      versionCount: list.length,
      updatedAt: r.updatedAt,
      os: r.os,
      osVersion: r.osVersion,
      cores: r.cores,
      memory: r.memory,
      disk: r.disk,
      notDeployable: r.notDeployable,
      category,
    };
    entries.push({
      card,
      owner: { userId: r.userId, builtin: r.builtin, sourceId: r.sourceId },
      haystack: [r.name, r.slug, r.description, ...r.tags, categoryLabel(category), source?.name ?? ''].join('\n').toLowerCase(),
      name: r.name.toLowerCase(),
      tags: r.tags.map((t) => t.toLowerCase()),
      rank: 0,
    });
  }
  entries.sort((a, b) => collator.compare(a.card.name, b.card.name) || collator.compare(a.card.slug, b.card.slug));
  entries.forEach((e, i) => (e.rank = i));
  return { stamp, entries };
}

/** One collator for every comparison: String#localeCompare builds one per call (the sort's main cost). */
const collator = new Intl.Collator('en');

const g = globalThis as unknown as { __kilnCatalogueIndex?: Promise<Index> };

/** The index for the current template set: rebuilt (once, shared by concurrent requests) when the stamp moved. */
async function currentIndex(db: Db): Promise<Index> {
  const stamp = await catalogueStamp(db);
  const held = g.__kilnCatalogueIndex;
  if (held) {
    const index = await held.catch(() => undefined);
    if (index?.stamp === stamp) return index;
  }
  const next = Promise.all([listCatalogueRows(db), listCatalogueListingRows(db)]).then(([rows, listings]) => buildIndex(stamp, [...rows, ...listings]));
  g.__kilnCatalogueIndex = next;
  // A failed build is not kept: the next request tries again.
  next.catch(() => {
    if (g.__kilnCatalogueIndex === next) g.__kilnCatalogueIndex = undefined;
  });
  return next;
}

/** Every template the user may see (never a listing of an app Kiln cannot deploy): built-ins first, then by name. */
export async function visibleCards(db: Db, userId: string): Promise<TemplateCard[]> {
  const visible = templateVisibleTo(userId);
  const entries = (await currentIndex(db)).entries.filter((e) => e.card.notDeployable === null && visible(e.owner));
  return entries.sort((a, b) => Number(b.owner.builtin) - Number(a.owner.builtin) || a.rank - b.rank).map((e) => e.card);
}

/** How well an entry matches the words: a name that starts with a word beats a tag, beats a description. */
function score(e: Entry, words: string[]): number {
  let s = 0;
  for (const w of words) {
    if (!e.haystack.includes(w)) return 0;
    s += e.name.startsWith(w) ? 4 : e.name.includes(w) ? 3 : e.tags.includes(w) ? 2 : 1;
  }
  return s;
}

const inRange = (v: number | null, r: CatalogueQuery['cores']) => !r || (v !== null && (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max));

function matchesSource(e: Entry, source: CatalogueQuery['source']): boolean {
  switch (source) {
    case 'all':
      return true;
    case 'builtin':
      return e.owner.builtin;
    case 'synced':
      return e.owner.sourceId !== null;
    case 'mine':
      return !e.owner.builtin && e.owner.sourceId === null;
    default:
      return e.owner.sourceId === source;
  }
}

export interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface CataloguePage {
  items: TemplateCard[];
  /** Cards matching the query. */
  total: number;
  /** Cards the user may see at all. */
  visible: number;
  page: number;
  pages: number;
  pageSize: number;
  /** The filters' choices with how many visible cards each has (not narrowed by the query). */
  facets: { sources: Facet[]; oses: Facet[]; categories: Facet[]; tags: Facet[] };
}

const TOP_TAGS = 24;

function facetList(counts: Map<string, { label: string; count: number }>, order: 'count' | 'label' = 'count'): Facet[] {
  return [...counts].map(([value, { label, count }]) => ({ value, label, count })).sort((a, b) => (order === 'count' ? b.count - a.count : 0) || collator.compare(a.label, b.label));
}

function bump(m: Map<string, { label: string; count: number }>, value: string, label: string) {
  const f = m.get(value);
  if (f) f.count++;
  else m.set(value, { label, count: 1 });
}

/** One page of the catalogue for this user and query. Never another user's template. */
export async function searchCatalogue(db: Db, userId: string, query: CatalogueQuery): Promise<CataloguePage> {
  const isVisible = templateVisibleTo(userId);
  const visible = (await currentIndex(db)).entries.filter((e) => isVisible(e.owner));

  const sources = new Map<string, { label: string; count: number }>();
  const oses = new Map<string, { label: string; count: number }>();
  const categories = new Map<string, { label: string; count: number }>();
  const tags = new Map<string, { label: string; count: number }>();
  for (const e of visible) {
    const c = e.card;
    if (c.source) bump(sources, c.source.id, c.source.name);
    if (c.os) bump(oses, c.os, c.os);
    bump(categories, c.category, categoryLabel(c.category));
    for (const t of c.tags) bump(tags, t, t);
  }
  const categoryOrder = CATALOGUE_CATEGORIES.map((c) => c.id as string);
  const topTags = facetList(tags).slice(0, TOP_TAGS);
  if (query.tag && !topTags.some((t) => t.value === query.tag)) topTags.push({ value: query.tag, label: query.tag, count: tags.get(query.tag)?.count ?? 0 });

  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
  const scored: { e: Entry; s: number }[] = [];
  for (const e of visible) {
    const c = e.card;
    if (!matchesSource(e, query.source)) continue;
    if (query.tag && !e.tags.includes(query.tag)) continue;
    if (query.os && c.os !== query.os) continue;
    if (query.category && c.category !== query.category) continue;
    if (!inRange(c.cores, query.cores) || !inRange(c.memory, query.memory)) continue;
    const s = words.length ? score(e, words) : 1;
    if (s > 0) scored.push({ e, s });
  }

  // The index is in name order already: "name" needs no sort, the others break ties by rank.
  const sort = query.sort === 'relevance' && words.length === 0 ? 'name' : query.sort;
  if (sort !== 'name') {
    scored.sort((x, y) => {
      const a = x.e.card;
      const b = y.e.card;
      switch (sort) {
        case 'relevance':
          return y.s - x.s || x.e.rank - y.e.rank;
        case 'updated':
          return b.updatedAt.getTime() - a.updatedAt.getTime() || x.e.rank - y.e.rank;
        default:
          return (a.memory ?? 0) - (b.memory ?? 0) || (a.cores ?? 0) - (b.cores ?? 0) || (a.disk ?? 0) - (b.disk ?? 0) || x.e.rank - y.e.rank;
      }
    });
  }

  const pages = Math.max(1, Math.ceil(scored.length / query.pageSize));
  const page = Math.min(Math.max(1, query.page), pages);
  return {
    items: scored.slice((page - 1) * query.pageSize, page * query.pageSize).map((x) => x.e.card),
    total: scored.length,
    visible: visible.length,
    page,
    pages,
    pageSize: query.pageSize,
    facets: {
      sources: facetList(sources, 'label'),
      oses: facetList(oses, 'label'),
      categories: facetList(categories).sort((a, b) => categoryOrder.indexOf(a.value) - categoryOrder.indexOf(b.value)),
      tags: topTags,
    },
  };
}
