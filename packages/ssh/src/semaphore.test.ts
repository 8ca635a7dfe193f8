import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('grants up to capacity, then queues FIFO', async () => {
    const s = new Semaphore(2);
    await s.acquire();
    await s.acquire();
    const order: number[] = [];
    const a = s.acquire().then(() => order.push(1));
    const b = s.acquire().then(() => order.push(2));
    expect([s.inUse, s.queued]).toEqual([2, 2]);
    s.release();
    s.release();
    await Promise.all([a, b]);
    expect(order).toEqual([1, 2]);
    expect(s.inUse).toBe(2);
  });

  it('lets an aborted waiter leave the queue', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const ctl = new AbortController();
    const waiting = s.acquire(ctl.signal);
    ctl.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(s.queued).toBe(0);
    s.release();
    expect(s.inUse).toBe(0);
  });
});
