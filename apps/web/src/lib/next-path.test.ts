import { describe, expect, it } from 'vitest';
import { loginHref, safeNextPath } from './next-path';

describe('next= after sign-in', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeNextPath('/containers?q=node%3Apve1')).toBe('/containers?q=node%3Apve1');
    expect(loginHref('/settings/audit?action=auth.')).toBe('/login?next=%2Fsettings%2Faudit%3Faction%3Dauth.');
  });

  it('refuses anything that could leave the site or loop', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', '/login?next=/x', '/api/auth/login', '', 'x'.repeat(3000), 42]) {
      expect(safeNextPath(bad)).toBeUndefined();
    }
    expect(loginHref('//evil.example')).toBe('/login');
    expect(loginHref('/')).toBe('/login');
  });
});
