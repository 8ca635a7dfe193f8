import { describe, expect, it } from 'vitest';
import { configuredIps, describeGuest } from './holders';

describe('configured addresses of a guest config', () => {
  it('reads ip= of every LXC net and cloud-init ipconfig, not dhcp or IPv6', () => {
    expect(
      configuredIps({
        net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1',
        net1: 'name=eth1,bridge=vmbr1,ip=dhcp',
        ipconfig0: 'ip=192.168.1.9/24,gw=192.168.1.1',
        ipconfig1: 'ip6=fd00::9/64',
        memory: '512',
      }),
    ).toEqual(['10.0.0.5', '192.168.1.9']);
  });
  it('names a guest as the conflict error shows it', () => {
    expect(describeGuest({ type: 'lxc', vmid: 104, name: 'web', node: 'pve2' }, 'cluster lab')).toBe("CT 104 'web' on pve2 (cluster lab)");
    expect(describeGuest({ type: 'qemu', vmid: 200, name: 'nas', node: 'pve1' }, 'node homelab')).toBe("VM 200 'nas' on pve1 (node homelab)");
  });
});
