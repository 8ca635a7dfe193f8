import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, GuestRow } from './snapshot';
import { SWAP_READ_INTERVAL_MS, swapForPoll } from './swap';

const guest = (vmid: number, status = 'running'): GuestRow => ({ vmid, node: 'pve1', type: 'lxc', status }) as GuestRow;
const snapshot = (guests: GuestRow[]): ClusterSnapshot => ({ clusterKey: 'c', fetchedAt: 0, attemptedAt: 0, guests, nodes: [{ node: 'pve1', status: 'online' }] as ClusterSnapshot['nodes'] });

describe('swap figures in the poll', () => {
  it('reads them once a minute, one request per node, and carries them in between', async () => {
    let calls = 0;
    let used = 100;
    const pve = { lxcList: async () => (calls++, [{ vmid: 101, swap: used, maxswap: 512 }]) } as never;
    const first = snapshot([guest(101)]);
    await swapForPoll(pve, first, undefined, 1_000);
    expect([calls, first.guests[0]!.swap, first.swapReadAt]).toEqual([1, 100, 1_000]);

    used = 300;
    const second = snapshot([guest(101), guest(102, 'stopped')]);
    await swapForPoll(pve, second, first, 1_000 + SWAP_READ_INTERVAL_MS - 1);
    expect([calls, second.guests[0]!.swap, second.guests[0]!.maxswap, second.guests[1]!.swap, second.swapReadAt]).toEqual([1, 100, 512, undefined, 1_000]);

    const third = snapshot([guest(101)]);
    await swapForPoll(pve, third, second, 1_000 + SWAP_READ_INTERVAL_MS);
    expect([calls, third.guests[0]!.swap]).toEqual([2, 300]);
  });
});
