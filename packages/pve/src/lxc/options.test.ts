import { describe, expect, it } from 'vitest';
import { fixtureData } from '../../test/fixtures/load';
import { lxcConfigSchema } from './config';
import { lxcConfigParams, lxcCreateParams, type LxcCreateOptions } from './options';
import { splitRootOnlyOptions } from './root-only';

const base: LxcCreateOptions = {
  vmid: 105,
  ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
  rootfs: { storage: 'local-lvm', sizeGiB: 8 },
};

describe('lxcCreateParams', () => {
  it('builds PVE parameters with property strings and unprivileged by default', () => {
    const params = lxcCreateParams({
      ...base,
      hostname: 'web',
      cores: 2,
      memory: 1024,
      swap: 512,
      features: { nesting: true },
      net: [
        { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.50/24', gw: '10.0.0.1', tag: 20, firewall: true },
        { name: 'eth1', bridge: 'vmbr1', ip: 'dhcp', ip6: 'auto', mtu: 9000 },
      ],
      mp: { 2: { volume: 'local-lvm:16', mp: '/data', backup: true } },
      nameserver: ['1.1.1.1', '9.9.9.9'],
      searchdomain: ['lan'],
      tags: ['Web', 'prod'],
      password: 'hunter22',
      sshPublicKeys: 'ssh-ed25519 AAAAC3 me@host',
      start: true,
      onboot: true,
      description: 'Front end',
      pool: 'dev',
    });
    expect(params).toMatchObject({
      vmid: 105,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:8',
      unprivileged: true,
      hostname: 'web',
      features: 'nesting=1',
      net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.50/24,gw=10.0.0.1,tag=20,firewall=1',
      net1: 'name=eth1,bridge=vmbr1,ip=dhcp,ip6=auto,mtu=9000',
      mp2: 'local-lvm:16,mp=/data,backup=1',
      nameserver: '1.1.1.1 9.9.9.9',
      searchdomain: 'lan',
      tags: 'prod;web',
      password: 'hunter22',
      'ssh-public-keys': 'ssh-ed25519 AAAAC3 me@host',
      start: true,
      onboot: true,
      pool: 'dev',
    });
  });

  it('keeps an explicit privileged request and rootfs flags', () => {
    const params = lxcCreateParams({ ...base, unprivileged: false, rootfs: { storage: 'local', sizeGiB: 4, acl: true, mountoptions: ['noatime'] } });
    expect(params['unprivileged']).toBe(false);
    expect(params['rootfs']).toBe('local:4,acl=1,mountoptions=noatime');
  });

  it.each([
    [{ vmid: 99 }, 'vmid'],
    [{ hostname: 'bad_name' }, 'hostname'],
    [{ net: [{ name: 'eth0', ip: '10.0.0.5' }] }, 'net'],
    [{ net: [{ name: 'eth0', tag: 5000 }] }, 'net'],
    [{ password: 'abc' }, 'password'],
    [{ mp: { 300: { volume: 'local:1', mp: '/x' } } }, 'mp'],
  ])('rejects invalid input %j before sending', (patch, field) => {
    try {
      lxcCreateParams({ ...base, ...(patch as Partial<LxcCreateOptions>) });
      expect.unreachable();
    } catch (e) {
      expect(JSON.stringify((e as { issues: Array<{ path: unknown[] }> }).issues.map((i) => i.path))).toContain(field);
    }
  });

  it('never puts the password into validation messages', () => {
    let text = '';
    try {
      lxcCreateParams({ ...base, password: 'pw!' });
    } catch (e) {
      text = String(e) + JSON.stringify(e);
    }
    expect(text).toContain('password');
    expect(text).not.toContain('pw!');
  });

  it('refuses raw lxc.* keys over the API', () => {
    expect(() => lxcCreateParams({ ...base, rawLxc: [['lxc.apparmor.profile', 'unconfined']] })).toThrow(/lxc\.\*/);
  });
});

describe('lxcConfigParams', () => {
  it('encodes only what changes', () => {
    expect(lxcConfigParams({ memory: 2048, tags: ['b', 'a'], net: { 1: { name: 'eth1', bridge: 'vmbr1', ip: 'manual' } } })).toEqual(
      expect.objectContaining({ memory: 2048, tags: 'a;b', net1: 'name=eth1,bridge=vmbr1,ip=manual', hostname: undefined }),
    );
  });
});

describe('splitRootOnlyOptions', () => {
  it('moves root-only features, bind mounts, devices and raw keys out of the API request', () => {
    const split = splitRootOnlyOptions({
      ...base,
      start: true,
      features: { nesting: true, keyctl: true, fuse: true },
      mp: [
        { volume: 'local-lvm:16', mp: '/data' },
        { volume: '/srv/shared', mp: '/shared', ro: true },
      ],
      dev: [{ path: '/dev/net/tun', mode: '0666' }],
      rawLxc: [['lxc.cgroup2.devices.allow', 'c 10:200 rwm']],
    });
    expect(split.api.features).toEqual({ nesting: true });
    expect(split.api.mp).toEqual({ 0: { volume: 'local-lvm:16', mp: '/data' } });
    expect(split.api.dev).toBeUndefined();
    expect(split.api.rawLxc).toBeUndefined();
    expect(split.api.start).toBe(false);
    expect(split.deferredStart).toBe(true);
    expect(split.rootOnly).toEqual({
      features: 'nesting=1,keyctl=1,fuse=1',
      mp1: '/srv/shared,mp=/shared,ro=1',
      dev0: '/dev/net/tun,mode=0666',
    });
    expect(split.rawLxc).toEqual([['lxc.cgroup2.devices.allow', 'c 10:200 rwm']]);
    // What stays is acceptable to the API builder.
    expect(() => lxcCreateParams(split.api)).not.toThrow();
  });

  it('mount= on an unprivileged container is root-only', () => {
    const split = splitRootOnlyOptions({ ...base, features: { mount: ['nfs', 'cifs'] } });
    expect(split.rootOnly).toEqual({ features: 'mount=nfs;cifs' });
    expect(split.api.features).toBeUndefined();
  });

  it('any feature on a privileged container is root-only', () => {
    const split = splitRootOnlyOptions({ ...base, unprivileged: false, features: { nesting: true } });
    expect(split.rootOnly).toEqual({ features: 'nesting=1' });
    expect(split.api.features).toBeUndefined();
  });

  it('leaves a plain unprivileged request untouched', () => {
    const options: LxcCreateOptions = { ...base, start: true, features: { nesting: true }, mp: { 0: { volume: 'local-lvm:2', mp: '/d' } } };
    const split = splitRootOnlyOptions(options);
    expect(split.rootOnly).toEqual({});
    expect(split.rawLxc).toEqual([]);
    expect(split.deferredStart).toBe(false);
    expect(split.api).toEqual(options);
  });
});

describe('lxcConfigSchema', () => {
  it('normalizes a full config: property strings parsed, indexed keys grouped, raw kept', () => {
    const cfg = lxcConfigSchema.parse(fixtureData('lxc-config'));
    expect(cfg.digest).toBe('3c1d8e4f6a0b2c9d7e5f1a3b5c7d9e1f2a4b6c8d');
    expect(cfg).toMatchObject({ hostname: 'web', cores: 2, memory: 1024, swap: 512, unprivileged: true, onboot: true, tags: ['prod', 'web'] });
    expect(cfg.features).toEqual({ nesting: true, keyctl: true, fuse: false, mknod: false, force_rw_sys: false, mount: [] });
    expect(cfg.rootfs).toMatchObject({ volume: 'local-lvm:vm-101-disk-0', size: '8G' });
    expect(cfg.net[0]).toMatchObject({ name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.50/24', gw: '10.0.0.1', tag: 20, firewall: true, hwaddr: 'BC:24:11:AA:BB:CC' });
    expect(cfg.net[1]).toMatchObject({ ip: 'dhcp', ip6: 'auto', mtu: 9000 });
    expect(cfg.mp[0]).toMatchObject({ volume: 'local-lvm:vm-101-disk-1', mp: '/data', backup: true, size: '16G' });
    expect(cfg.mp[1]).toMatchObject({ volume: '/srv/shared', ro: true, mountoptions: ['noatime', 'nodev'] });
    expect(cfg.unused).toEqual({ 0: 'local-lvm:vm-101-disk-2' });
    expect(cfg.rawLxc).toEqual([
      ['lxc.cgroup2.devices.allow', 'c 10:200 rwm'],
      ['lxc.mount.entry', '/dev/net dev/net none bind,create=dir'],
    ]);
    expect(cfg.raw['net0']).toContain('name=eth0');
    expect(cfg.raw['memory']).toBe('1024');
    expect(cfg.description).toBe('Web front end\nmanaged by kiln');
  });

  it('defaults absent flags on a minimal config (unprivileged absent = privileged)', () => {
    const cfg = lxcConfigSchema.parse(fixtureData('lxc-config-minimal'));
    expect(cfg).toMatchObject({ unprivileged: false, onboot: false, tags: [], net: {}, mp: {}, rawLxc: [] });
    expect(cfg.features.nesting).toBe(false);
  });
});
