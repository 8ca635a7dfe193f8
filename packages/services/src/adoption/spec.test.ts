import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBuiltinTemplates } from '@kiln/core/templates/catalogue';
import { lxcConfigSchema } from '@kiln/pve';
import { containerSpecSchema, creationSpecSchema } from '../provisioning/spec';
import { defaultParams, specFromConfig } from './spec';

const at = { pveNode: 'pve2', vmid: 140 };
const config = (raw: Record<string, unknown>) => lxcConfigSchema.parse({ digest: 'a'.repeat(40), ...raw });
const builtins = loadBuiltinTemplates(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../core/templates'));

describe('an adopted container’s spec, from its PVE config', () => {
  it('reads every field a creation spec has from a full config, leaving Kiln’s own tags out', () => {
    const cfg = config({
      hostname: 'media',
      cores: 4,
      memory: 2048,
      swap: 0,
      rootfs: 'local-lvm:vm-140-disk-0,size=16G',
      unprivileged: 1,
      features: 'nesting=1,keyctl=1',
      net0: 'name=eth0,bridge=vmbr1,hwaddr=BC:24:11:AA:BB:CC,ip=10.10.1.40/24,gw=10.10.1.1,ip6=fd00::40/64,gw6=fd00::1,tag=30,firewall=1,type=veth',
      nameserver: '1.1.1.1 9.9.9.9',
      searchdomain: 'lab.example',
      tags: 'media;kiln;prod;kiln-0b5c1a3e-2f5e-4a4c-9a0e-6c1f1e2d3c4b',
    });
    const spec = specFromConfig(cfg, at, null);
    expect(spec).toEqual({
      template: null,
      pveNode: 'pve2',
      hostname: 'media',
      vmid: 140,
      storage: 'local-lvm',
      cores: 4,
      memory: 2048,
      swap: 0,
      disk: 16,
      unprivileged: true,
      features: { nesting: true, keyctl: true, fuse: false },
      network: { bridge: 'vmbr1', ipv4: { cidr: '10.10.1.40/24', gateway: '10.10.1.1' }, ipv6: { cidr: 'fd00::40/64', gateway: 'fd00::1' }, vlan: 30, firewall: true },
      dns: { nameservers: ['1.1.1.1', '9.9.9.9'], searchdomain: 'lab.example' },
      tags: ['media', 'prod'],
      params: {},
      secretParams: [],
    });
    // What the row stores reads back with the schema every reader uses.
    expect(containerSpecSchema.parse(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('takes PVE’s defaults for what a minimal config leaves unset, and DHCP/SLAAC as such', () => {
    const spec = specFromConfig(config({ rootfs: 'local:140/vm-140-disk-0.raw,size=512M', net0: 'name=eth0,bridge=vmbr0,ip=dhcp,ip6=auto' }), at, null);
    expect(spec).toMatchObject({ hostname: 'CT140', storage: 'local', cores: 0, memory: 512, swap: 512, disk: 1, unprivileged: false, tags: [], dns: { nameservers: [] } });
    expect(spec.features).toEqual({ nesting: false, keyctl: false, fuse: false });
    expect(spec.network).toEqual({ bridge: 'vmbr0', ipv4: 'dhcp', ipv6: 'auto', firewall: false });
    expect(spec.dns.searchdomain).toBeUndefined();
  });

  it('says "none" for a NIC without an address (manual, or none set) and null without net0', () => {
    const manual = specFromConfig(config({ net0: 'name=eth0,bridge=vmbr0,ip=manual' }), at, null);
    expect(manual.network).toMatchObject({ ipv4: 'none', ipv6: 'none' });
    expect(specFromConfig(config({ hostname: 'bare' }), at, null).network).toBeNull();
    // A creation always has net0: the creation schema does not take an adopted spec without it.
    expect(creationSpecSchema.safeParse(specFromConfig(config({ hostname: 'bare' }), at, null)).success).toBe(false);
  });

  it('links the chosen template version with its non-secret defaults as params', () => {
    const redis = builtins.find((t) => t.slug === 'redis')!;
    const spec = specFromConfig(config({ hostname: 'cache', net0: 'name=eth0,bridge=vmbr0,ip=dhcp' }), at, {
      id: '5f0c4a52-6a3e-4a57-8a43-0d1f3c2b1a00',
      slug: redis.slug,
      version: redis.version,
      spec: redis,
    });
    expect(spec.template).toEqual({ id: '5f0c4a52-6a3e-4a57-8a43-0d1f3c2b1a00', slug: 'redis', version: redis.version });
    // The secret (requirepass) stays unknown: Kiln never saw it.
    expect(spec.params).toEqual({ bind: '0.0.0.0', port: 6379 });
    expect(defaultParams(undefined)).toEqual({});
    expect(creationSpecSchema.safeParse(spec).success).toBe(true);
  });
});
