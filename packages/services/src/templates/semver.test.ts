import { describe, expect, it } from 'vitest';
import { compareSemver, nextPatch } from './semver';

describe('compareSemver', () => {
  it('orders versions by precedence, not as text', () => {
    const list = ['1.10.0', '1.2.0', '1.0.0', '1.0.0-rc.1', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.11', '1.0.0-beta.2', '2.0.0', '0.9.9'];
    expect([...list].sort(compareSemver)).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0', '2.0.0']);
  });

  it('ignores build metadata', () => {
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(compareSemver('1.0.1+x', '1.0.0')).toBe(1);
  });
});

describe('nextPatch', () => {
  it('bumps the patch, or releases a pre-release', () => {
    expect(nextPatch('1.2.3')).toBe('1.2.4');
    expect(nextPatch('1.3.0-rc.1')).toBe('1.3.0');
    expect(nextPatch('2.0.0+meta')).toBe('2.0.1');
  });
});
