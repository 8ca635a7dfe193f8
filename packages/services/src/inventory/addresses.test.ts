import { describe, expect, it } from 'vitest';
import { addressesDue } from './addresses';
import type { GuestRow } from './snapshot';

const row = (over: Partial<GuestRow> = {}): GuestRow => ({ vmid: 101, type: 'qemu', name: 'vm', node: 'pve1', status: 'running', uptime: 1000, tags: [], template: false, ...over });
const now = 10_000_000;

describe('when a guest’s addresses are read again', () => {
  it('reads a running guest that is new, was stopped, or restarted; never a stopped guest or a template', () => {
    expect(addressesDue(row(), undefined, now)).toBe(true);
    expect(addressesDue(row(), row({ status: 'stopped' }), now)).toBe(true);
    expect(addressesDue(row({ uptime: 5 }), row({ uptime: 1000, ips: ['10.0.0.1'], ipsAt: now - 1000 }), now)).toBe(true);
    expect(addressesDue(row({ status: 'stopped' }), undefined, now)).toBe(false);
    expect(addressesDue(row({ template: true }), undefined, now)).toBe(false);
  });

  it('keeps the last addresses of a guest that kept running', () => {
    expect(addressesDue(row({ uptime: 1005 }), row({ ips: ['10.0.0.1'], ipsAt: now - 3_600_000 }), now)).toBe(false);
  });

  it('asks a silent agent again after 30 s while the VM boots, then every 10 minutes', () => {
    const failed = (ago: number, uptime: number) => row({ uptime, ips: [], ipNote: 'agent not running', ipsAt: now - ago });
    expect(addressesDue(row({ uptime: 60 }), failed(10_000, 50), now)).toBe(false);
    expect(addressesDue(row({ uptime: 60 }), failed(30_000, 30), now)).toBe(true);
    expect(addressesDue(row({ uptime: 4000 }), failed(60_000, 3940), now)).toBe(false);
    expect(addressesDue(row({ uptime: 4000 }), failed(600_000, 3400), now)).toBe(true);
  });
});
