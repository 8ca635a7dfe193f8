import { describe, expect, it } from 'vitest';
import { coalesceFlushes } from './coalesce-flush';

const nextTurn = () => new Promise((r) => setImmediate(r));

function response() {
  const res = { writableEnded: false } as { writableEnded: boolean; flush?: () => void };
  coalesceFlushes(res);
  return res;
}

describe('coalesced flushes', () => {
  it('has no flush until the compression middleware installs one', () => {
    const res = response();
    expect('flush' in res && typeof res.flush === 'function').toBe(false);
  });

  it('turns the flushes of one turn into one after it, and flushes again in later turns', async () => {
    const res = response();
    let flushed = 0;
    res.flush = () => flushed++;
    for (let i = 0; i < 40; i++) res.flush();
    expect(flushed).toBe(0);
    await nextTurn();
    expect(flushed).toBe(1);
    res.flush();
    await nextTurn();
    expect(flushed).toBe(2);
  });

  it('does not flush a response that has ended', async () => {
    const res = response();
    let flushed = 0;
    res.flush = () => flushed++;
    res.flush();
    res.writableEnded = true;
    await nextTurn();
    expect(flushed).toBe(0);
  });
});
