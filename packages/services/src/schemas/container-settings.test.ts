import { describe, expect, it } from 'vitest';
import { apiUpdate, changedKeys, settingsChange, settingsValuesSchema, type SettingsValues } from './container-settings';

const base: SettingsValues = settingsValuesSchema.parse({
  cores: 2,
  cpulimit: 0,
  memory: 512,
  swap: 512,
  tags: ['web'],
  keptTags: ['kiln', 'kiln-0b5c1a3e-2f5e-4a4c-9a0e-6c1f1e2d3c4b'],
  description: '',
  onboot: false,
  startupOrder: null,
  startupUp: null,
  startupDown: null,
  protection: false,
  features: { nesting: true, keyctl: false, fuse: false },
  nets: [{ index: 0, name: 'eth0', bridge: 'vmbr0', vlan: null, ipv4Mode: 'dhcp', ipv6Mode: 'none', firewall: true, rate: null, hwaddr: 'BC:24:11:00:00:01' }],
  unprivileged: true,
});

describe('what saving the settings changes', () => {
  it('changes nothing when nothing was edited', () => {
    expect(settingsChange(base, structuredClone(base)).keys).toEqual([]);
  });

  it('sends only the edited keys, through the API, keeping Kiln’s own tags and the MAC address', () => {
    const next = { ...structuredClone(base), memory: 1024, cores: 4, tags: ['web', 'prod'], nets: [{ ...base.nets[0]!, vlan: 20 }] };
    const c = settingsChange(base, next);
    expect(c.keys.sort()).toEqual(['cores', 'memory', 'net0', 'tags']);
    expect(c.set['memory']).toBe('1024');
    expect(c.set['tags']?.split(';').sort()).toEqual(['kiln', 'kiln-0b5c1a3e-2f5e-4a4c-9a0e-6c1f1e2d3c4b', 'prod', 'web']);
    expect(c.set['net0']).toContain('hwaddr=BC:24:11:00:00:01');
    expect(c.set['net0']).toContain('tag=20');
    expect(c.rootOnly).toEqual({});
    expect(apiUpdate(next, Object.keys(c.set))).toMatchObject({ memory: 1024, cores: 4, net: { '0': { tag: 20, bridge: 'vmbr0' } } });
  });

  it('deletes what was emptied: all cores, no CPU limit, a removed NIC', () => {
    const withLimit = { ...structuredClone(base), cpulimit: 1.5 };
    const next = { ...structuredClone(base), cores: null, nets: [] };
    const c = settingsChange(withLimit, next);
    expect(c.delete.sort()).toEqual(['cores', 'cpulimit', 'net0']);
  });

  it('sends keyctl and FUSE as root-only (pct set), nesting through the API', () => {
    expect(settingsChange(base, { ...structuredClone(base), features: { nesting: false, keyctl: false, fuse: false } })).toMatchObject({ delete: ['features'], rootOnly: {} });
    const c = settingsChange(base, { ...structuredClone(base), features: { nesting: true, keyctl: true, fuse: false } });
    expect(c.set).toEqual({});
    expect(c.rootOnly).toEqual({ features: 'nesting=1,keyctl=1' });
  });

  it('adds a volume mount point through the API and a bind mount as root-only', () => {
    const c = settingsChange(base, { ...structuredClone(base), mounts: [{ index: 0, volume: 'local-lvm:8', mp: '/data', backup: true }] });
    expect(c.set).toEqual({ mp0: 'local-lvm:8,mp=/data,backup=1' });
    expect(apiUpdate({ ...structuredClone(base), mounts: [{ index: 0, volume: 'local-lvm:8', mp: '/data', backup: true }] }, ['mp0'])).toEqual({
      mp: { '0': { volume: 'local-lvm:8', mp: '/data', backup: true } },
    });
    const bind = settingsChange(base, { ...structuredClone(base), mounts: [{ index: 1, volume: '/srv/media', mp: '/media' }] });
    expect(bind.set).toEqual({});
    expect(bind.rootOnly).toEqual({ mp1: '/srv/media,mp=/media' });
  });

  it('names what someone else changed, with both values', () => {
    expect(changedKeys(base, { ...structuredClone(base), memory: 2048 })).toEqual([{ key: 'memory', was: '512', now: '2048' }]);
  });

  it('refuses a static address without a prefix, at its field', () => {
    const r = settingsValuesSchema.safeParse({ ...base, nets: [{ ...base.nets[0]!, ipv4Mode: 'static', ipv4Cidr: '10.0.0.5' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['nets', 0, 'ipv4Cidr']);
  });
});
