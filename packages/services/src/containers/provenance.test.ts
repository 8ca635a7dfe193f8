import { describe, expect, it } from 'vitest';
import { MASK, provenanceParams } from './provenance';

describe('provenance params', () => {
  it('lists the spec params and masks anything that looks secret', () => {
    const p = provenanceParams({ params: { port: 8080, siteName: 'blog', adminPassword: 'hunter2', apiToken: 'x', tls: true, list: ['a'] } });
    expect(p).toEqual([
      { name: 'adminPassword', value: MASK, masked: true },
      { name: 'apiToken', value: MASK, masked: true },
      { name: 'list', value: '["a"]', masked: false },
      { name: 'port', value: '8080', masked: false },
      { name: 'siteName', value: 'blog', masked: false },
      { name: 'tls', value: 'true', masked: false },
    ]);
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });

  it('copes with specs without params', () => {
    expect(provenanceParams(null)).toEqual([]);
    expect(provenanceParams({ params: ['x'] })).toEqual([]);
    expect(provenanceParams({})).toEqual([]);
  });
});
