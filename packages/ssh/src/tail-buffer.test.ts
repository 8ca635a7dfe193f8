import { describe, expect, it } from 'vitest';
import { TailBuffer } from './tail-buffer';

describe('TailBuffer', () => {
  it('keeps everything under the limit', () => {
    const b = new TailBuffer(10);
    b.push(Buffer.from('abc'));
    b.push(Buffer.from('def'));
    expect([b.text(), b.truncated]).toEqual(['abcdef', false]);
  });

  it('keeps only the last bytes and flags truncation', () => {
    const b = new TailBuffer(5);
    for (const s of ['0123', '4567', '89']) b.push(Buffer.from(s));
    expect([b.text(), b.truncated]).toEqual(['56789', true]);
  });

  it('drops a multi-byte character cut in half by truncation', () => {
    const b = new TailBuffer(5);
    b.push(Buffer.from('xx€abc')); // € is 3 bytes: the tail starts in its middle
    expect(b.text()).toBe('abc');
  });
});
