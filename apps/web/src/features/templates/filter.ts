/** The catalogue's search and filters, read from the URL (shareable, survives reloads). */

export type Source = 'all' | 'builtin' | 'synced' | 'mine';

export interface CatalogueState {
  q: string;
  tag: string;
  source: Source;
}

interface Filterable {
  name: string;
  slug: string;
  description: string;
  tags: string[];
  builtin: boolean;
  /** Synced from a catalogue source (read-only, like a built-in). */
  source?: { name: string } | null;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export function catalogueState(sp: Record<string, string | string[] | undefined>): CatalogueState {
  const source = first(sp['source']);
  return {
    q: first(sp['q']).trim().slice(0, 200),
    tag: first(sp['tag']).trim().toLowerCase().slice(0, 32),
    source: source === 'builtin' || source === 'synced' || source === 'mine' ? source : 'all',
  };
}

/** Every word of the query must appear in the name, slug, description or tags (case-insensitive). */
export function matchesCatalogue(item: Filterable, state: CatalogueState): boolean {
  if (state.source === 'builtin' && !item.builtin) return false;
  if (state.source === 'synced' && !item.source) return false;
  if (state.source === 'mine' && (item.builtin || item.source)) return false;
  if (state.tag && !item.tags.includes(state.tag)) return false;
  const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [item.name, item.slug, item.description, ...item.tags, item.source?.name ?? ''].join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** Tags with how many templates carry them, most used first. */
export function tagCounts(items: readonly Filterable[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const it of items) for (const t of it.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** The catalogue URL with one part of the state changed (empty values leave the URL). */
export function catalogueHref(state: CatalogueState, change: Partial<CatalogueState>): string {
  const next = { ...state, ...change };
  const p = new URLSearchParams();
  if (next.q) p.set('q', next.q);
  if (next.tag) p.set('tag', next.tag);
  if (next.source !== 'all') p.set('source', next.source);
  const qs = p.toString();
  return qs ? `/templates?${qs}` : '/templates';
}
