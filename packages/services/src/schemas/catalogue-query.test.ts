import { describe, expect, it } from 'vitest';
import { categoryOf } from '@kiln/core/catalogue';
import { catalogueHref, isFiltered, parseCatalogueQuery, parseRange } from './catalogue-query';

describe('the catalogue query in the URL', () => {
  it('reads every part, dropping values that make no sense', () => {
    expect(parseCatalogueQuery({ q: ' Post ', tag: 'Database', source: 'nope', os: 'Debian!', category: 'web', cores: '2-4', memory: '-1024', sort: 'updated', page: '3' })).toMatchObject({
      q: 'Post',
      tag: 'database',
      source: 'all',
      os: '',
      category: 'web',
      cores: { min: 2, max: 4 },
      memory: { max: 1024 },
      sort: 'updated',
      page: 3,
    });
    expect(parseCatalogueQuery({ q: ['a', 'b'], source: 'mine', sort: 'x', page: '-1', cores: '4-2' })).toMatchObject({ q: 'a', source: 'mine', sort: 'relevance', page: 1, cores: null });
    expect(parseCatalogueQuery({ source: '0B5B0D54-8C5A-4A39-9A5D-7A3F8B7B1C11' }).source).toBe('0b5b0d54-8c5a-4a39-9a5d-7a3f8b7b1c11');
  });

  it('reads ranges as at least, at most, between or exactly', () => {
    expect(parseRange('5-')).toEqual({ min: 5 });
    expect(parseRange('-512')).toEqual({ max: 512 });
    expect(parseRange('2')).toEqual({ min: 2, max: 2 });
    expect(parseRange('-')).toBeNull();
    expect(parseRange('a-b')).toBeNull();
  });

  it('writes only what differs from the defaults, and a filter change goes back to page 1', () => {
    const q = parseCatalogueQuery({ q: 'web', os: 'debian', page: '4' });
    expect(catalogueHref(q, { page: 5 })).toBe('/templates?q=web&os=debian&page=5');
    expect(catalogueHref(q, { memory: { max: 1024 } })).toBe('/templates?q=web&os=debian&memory=-1024');
    expect(catalogueHref(parseCatalogueQuery({}), {})).toBe('/templates');
    expect(isFiltered(parseCatalogueQuery({ sort: 'name', page: '2' }))).toBe(false);
    expect(isFiltered(parseCatalogueQuery({ cores: '1' }))).toBe(true);
  });

  it('takes the category of the first tag that names one', () => {
    expect(categoryOf(['alpine', 'notes', 'web'])).toBe('documents');
    expect(categoryOf(['Database', 'sql'])).toBe('databases');
    expect(categoryOf(['demo'])).toBe('other');
  });
});
