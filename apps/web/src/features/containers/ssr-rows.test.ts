import { describe, expect, it } from 'vitest';
import { handToSsr, takeFromRsc } from './ssr-rows';

describe('row markup handed to the HTML render', () => {
  it('is found by its key, and each view gets a key of its own', () => {
    const a = handToSsr('<tr data-vmid="100"></tr>');
    const b = handToSsr('<tr data-vmid="100"></tr>');
    expect(a).not.toBe(b);
    expect(takeFromRsc(a)).toBe('<tr data-vmid="100"></tr>');
    expect(takeFromRsc(b)).toBe('<tr data-vmid="100"></tr>');
    expect(takeFromRsc('not-a-key')).toBeUndefined();
  });

  it('expires: entries older than 30 s are dropped when a new one comes', () => {
    const t = Date.now();
    const old = handToSsr('old rows', t);
    const recent = handToSsr('recent rows', t + 2_000);
    expect(takeFromRsc(old)).toBe('old rows');
    handToSsr('new rows', t + 31_000);
    expect(takeFromRsc(old)).toBeUndefined();
    expect(takeFromRsc(recent)).toBe('recent rows');
  });
});
