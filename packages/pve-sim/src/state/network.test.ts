import { describe, expect, it } from 'vitest';
import { assignLeases, leaseAddresses, leasedAddresses } from './network';
import type { ContainerRecord } from './types';

const ct = (vmid: number, leases: Record<string, string> = {}): ContainerRecord => ({
  vmid,
  node: 'pve1',
  config: { net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth', net1: 'name=eth1,bridge=vmbr1,ip=10.0.0.5/24' },
  status: 'running',
  createdAt: 0,
  runs: [],
  leases,
});

describe('DHCP leases', () => {
  it('prefers a stable address per VMID and skips addresses leased to others', () => {
    const a = ct(101);
    leaseAddresses(a, [a, ct(251, { net0: '10.10.10.201/24' })]);
    expect(a.leases).toEqual({ net0: '10.10.10.202/24' });
  });

  it('hands out distinct addresses from one shared set (bulk seeding)', () => {
    const cts = Array.from({ length: 140 }, (_v, i) => ct(100 + i * 150));
    const taken = leasedAddresses(cts);
    for (const c of cts) assignLeases(c, taken);
    const ips = cts.map((c) => c.leases['net0']);
    expect(new Set(ips).size).toBe(140);
    expect(ips.every((ip) => /^10\.10\.10\.(1\d\d|2[0-4]\d)\/24$/.test(ip ?? ''))).toBe(true);
  });
});
