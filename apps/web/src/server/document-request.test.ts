import { describe, expect, it } from 'vitest';
import { isDocumentRequest } from './document-request';

describe('document requests', () => {
  it('is a plain GET of a page', () => {
    expect(isDocumentRequest('GET', '/containers?q=type%3Avm', { accept: 'text/html' })).toBe(true);
    expect(isDocumentRequest('GET', '/containers', {})).toBe(true);
  });

  it('is not an RSC navigation, refresh or prefetch, a server action or another method', () => {
    expect(isDocumentRequest('GET', '/containers?_rsc=abc12', { rsc: '1' })).toBe(false);
    expect(isDocumentRequest('GET', '/containers', { rsc: '1' })).toBe(false);
    expect(isDocumentRequest('GET', '/containers?_rsc=abc12', {})).toBe(false);
    expect(isDocumentRequest('GET', '/containers.rsc', {})).toBe(false);
    expect(isDocumentRequest('GET', '/containers', { 'next-router-prefetch': '1' })).toBe(false);
    expect(isDocumentRequest('GET', '/containers', { 'next-router-state-tree': '%5B%5D' })).toBe(false);
    expect(isDocumentRequest('POST', '/containers', { 'next-action': 'abc' })).toBe(false);
    expect(isDocumentRequest('POST', '/containers', {})).toBe(false);
    expect(isDocumentRequest('HEAD', '/containers', {})).toBe(false);
  });
});
