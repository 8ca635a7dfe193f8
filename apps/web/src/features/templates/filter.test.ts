import { describe, expect, it } from 'vitest';
import { catalogueHref, catalogueState, matchesCatalogue, tagCounts } from './filter';

const pg = { name: 'PostgreSQL 15', slug: 'postgresql', description: 'A database server', tags: ['database', 'sql'], builtin: true };
const mine = { name: 'My web', slug: 'my-web', description: 'nginx for my blog', tags: ['web'], builtin: false };
const synced = { name: 'Uptime Kuma', slug: 'uptimekuma', description: 'Monitoring', tags: ['monitoring'], builtin: false, source: { name: 'Helper scripts' } };

describe('catalogue filters', () => {
  it('reads the state from the URL, ignoring unknown values', () => {
    expect(catalogueState({ q: ' Post ', tag: 'Database', source: 'nope' })).toEqual({ q: 'Post', tag: 'database', source: 'all' });
    expect(catalogueState({ q: ['a', 'b'], source: 'mine' })).toEqual({ q: 'a', tag: '', source: 'mine' });
  });

  it('matches every word of the query in name, slug, description or tags', () => {
    const s = catalogueState({});
    expect(matchesCatalogue(pg, { ...s, q: 'sql DATABASE' })).toBe(true);
    expect(matchesCatalogue(pg, { ...s, q: 'sql redis' })).toBe(false);
    expect(matchesCatalogue(mine, { ...s, q: 'blog' })).toBe(true);
  });

  it('filters by tag and by source', () => {
    const s = catalogueState({});
    expect(matchesCatalogue(pg, { ...s, tag: 'database' })).toBe(true);
    expect(matchesCatalogue(mine, { ...s, tag: 'database' })).toBe(false);
    expect(matchesCatalogue(pg, { ...s, source: 'mine' })).toBe(false);
    expect(matchesCatalogue(mine, { ...s, source: 'mine' })).toBe(true);
    expect(matchesCatalogue(mine, { ...s, source: 'builtin' })).toBe(false);
  });

  it("tells templates synced from a catalogue source apart from the user's own, and finds them by source name", () => {
    const s = catalogueState({ source: 'synced' });
    expect(s.source).toBe('synced');
    expect(matchesCatalogue(synced, s)).toBe(true);
    expect(matchesCatalogue(mine, s)).toBe(false);
    expect(matchesCatalogue(pg, s)).toBe(false);
    expect(matchesCatalogue(synced, { ...s, source: 'mine' })).toBe(false);
    expect(matchesCatalogue(synced, { ...s, source: 'all', q: 'helper' })).toBe(true);
  });

  it('counts tags, most used first', () => {
    expect(tagCounts([pg, mine, { ...mine, tags: ['web', 'sql'] }])).toEqual([
      { tag: 'sql', count: 2 },
      { tag: 'web', count: 2 },
      { tag: 'database', count: 1 },
    ]);
  });

  it('builds URLs that keep the rest of the state', () => {
    const s = catalogueState({ q: 'web', source: 'mine' });
    expect(catalogueHref(s, { tag: 'db' })).toBe('/templates?q=web&tag=db&source=mine');
    expect(catalogueHref(s, { q: '', source: 'all' })).toBe('/templates');
  });
});
