import { describe, expect, it } from 'vitest';
import { loadApiIndex } from './api-index';

describe('ApiIndex.find', () => {
  const index = loadApiIndex();

  it('joins everything below a storage content path into the volume, as fragmentDelimiter "" does', () => {
    const m = index.find('GET', '/nodes/pve1/storage/local/content/local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst');
    expect(m?.template).toBe('/nodes/{node}/storage/{storage}/content/{volume}');
    expect(m?.uriParams).toEqual({ node: 'pve1', storage: 'local', volume: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' });
    // empty components are skipped before joining, like find_handler's split('/+')
    expect(index.find('DELETE', '/nodes/pve1/storage/local/content/local:backup//a/b')?.uriParams['volume']).toBe('local:backup/a/b');
    expect(index.find('GET', '/nodes/pve1/storage/local/content')?.template).toBe('/nodes/{node}/storage/{storage}/content');
  });

  it('does not join elsewhere: extra components are no handler', () => {
    expect(index.find('GET', '/nodes/pve1/lxc/101/config/extra')).toBeUndefined();
    expect(index.find('GET', '/nodes/pve1/storage/local/status/x')).toBeUndefined();
  });
});
