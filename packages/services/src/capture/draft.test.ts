import { describe, expect, it } from 'vitest';
import { templateSchema } from '@kiln/core/templates';
import { lxcConfigSchema } from '@kiln/pve';
import { captureDraft, difference, osOf } from './draft';
import { parseProbe, type ProbeResult } from './probe';

const config = (raw: Record<string, unknown>) => lxcConfigSchema.parse({ digest: 'a'.repeat(40), ...raw });
const src = { hostname: 'Web 1', vmid: 140, pveNode: 'pve2', capturedBy: 'alice', at: new Date('2026-12-05T10:00:00Z') };

/** What the probe prints in a Debian container (dpkg-query's format: name, status, priority). */
function debianProbe(extra: string[], units: string[], local: string[] = []): string {
  const row = (name: string, status = 'install ok installed', priority = 'optional') => `${name}\t${status}\t${priority}`;
  return [
    '@@kiln os debian 12 ',
    '@@kiln packages',
    row('bash', 'install ok installed', 'required'),
    row('cron', 'install ok installed', 'important'),
    row('openssh-server'),
    row('libfoo1', 'install ok installed', 'required'),
    row('old-thing', 'deinstall ok config-files'),
    ...extra.map((e) => row(e)),
    '@@kiln end 0',
    '@@kiln units',
    'cron.service                 enabled enabled',
    'ssh.service                  enabled enabled',
    ...units.map((u) => `${u} enabled enabled`),
    'sshd.service                 alias   -',
    '@@kiln end 0',
    '@@kiln local',
    ...local,
    '@@kiln end 0',
    '',
  ].join('\n');
}

describe('the capture probe', () => {
  it('reads the OS, installed packages (not removed ones) and enabled service units', () => {
    const p = parseProbe(debianProbe(['nginx', 'jq'], ['nginx.service', 'myapp.service', 'getty@tty2.service', 'fstrim.timer'], ['myapp.service']));
    expect(p).toMatchObject({ osId: 'debian', osVersion: '12', family: 'debian', error: null });
    expect(p.packages).toEqual(['bash', 'cron', 'jq', 'libfoo1', 'nginx', 'openssh-server']);
    expect(p.essential).toEqual(['bash', 'cron', 'libfoo1']);
    expect(p.services).toEqual(['cron.service', 'getty@tty2.service', 'myapp.service', 'nginx.service', 'ssh.service']);
    expect(difference(p)).toEqual({ packages: ['jq', 'nginx'], services: ['nginx.service'], localUnits: ['myapp.service'], templateUnits: ['getty@tty2.service'] });
  });

  it('says why it cannot capture an OS without a manifest, or a failed package database read', () => {
    expect(parseProbe('@@kiln os arch none \n@@kiln packages\n@@kiln end 1\n').error).toMatch(/cannot capture "arch"/);
    expect(parseProbe('@@kiln os debian 12 \n@@kiln packages\n@@kiln end 2\n').error).toBe('Reading the package database failed (exit 2).');
    expect(parseProbe('sh: not found').error).toMatch(/did not answer/);
  });

  it('reads rpm and apk families, with the image’s packages left out', () => {
    const rocky = parseProbe('@@kiln os rocky 9.4 rhel centos fedora\n@@kiln packages\nbash\nglibc\nrocky-release\nnginx\n@@kiln end 0\n@@kiln units\n@@kiln end 0\n@@kiln local\n@@kiln end 0\n');
    expect(rocky.family).toBe('rpm');
    expect(difference(rocky).packages).toEqual(['nginx']);
    const alpine = parseProbe('@@kiln os alpine 3.22.1 \n@@kiln packages\nbusybox\nmusl\ncurl\njq\n@@kiln end 0\n@@kiln units\n@@kiln end 1\n@@kiln local\n@@kiln end 0\n');
    expect(difference(alpine).packages).toEqual(['curl', 'jq']);
    expect(osOf('alpine', '3.22.1')).toEqual({ distribution: 'alpine', version: '3.22', arch: 'amd64' });
    expect(osOf('rocky', '9.4')).toEqual({ distribution: 'rockylinux', version: '9', arch: 'amd64' });
  });
});

describe('a capture’s template draft', () => {
  const cfg = config({
    hostname: 'web1',
    cores: 2,
    memory: 1024,
    swap: 0,
    rootfs: 'local-lvm:vm-140-disk-0,size=10G',
    unprivileged: 1,
    features: 'nesting=1,keyctl=1,mknod=1',
    net0: 'name=eth0,bridge=vmbr1,hwaddr=BC:24:11:AA:BB:CC,ip=10.10.1.40/24,gw=10.10.1.1,ip6=auto,tag=30,firewall=1,type=veth',
    net1: 'name=eth1,bridge=vmbr2,ip=dhcp',
    nameserver: '1.1.1.1 dns.example',
    searchdomain: 'lab.example',
    tags: 'media;kiln;kiln-0b5c1a3e-2f5e-4a4c-9a0e-6c1f1e2d3c4b',
  });

  it('is a valid kiln/v1 template: resources, features, network shape without the address, packages and services as steps', () => {
    const d = captureDraft(cfg, parseProbe(debianProbe(['nginx', 'jq'], ['nginx.service'])), src);
    expect(templateSchema.safeParse(d.template).success).toBe(true);
    expect(d.template).toMatchObject({
      slug: 'web-1-capture',
      name: 'Web 1 (captured)',
      version: '1.0.0',
      os: { distribution: 'debian', version: '12' },
      defaults: {
        cores: 2,
        memory: 1024,
        swap: 0,
        disk: 10,
        unprivileged: true,
        features: { nesting: true, keyctl: true, fuse: false },
        network: { bridge: 'vmbr1', ipv4: 'dhcp', ipv6: 'auto', vlan: 30, firewall: true },
        dns: { nameservers: ['1.1.1.1'], searchdomain: 'lab.example' },
        tags: ['media'],
      },
      steps: [
        { id: 'packages', type: 'packages', packages: ['jq', 'nginx'] },
        { id: 'service-nginx', type: 'service', name: 'nginx', enable: true, start: true },
      ],
    });
    expect(JSON.stringify(d.template)).not.toContain('10.10.1.40');
    expect(d.notes).toEqual([
      'Features a template cannot set: mknod.',
      'The container has a static IPv4 address: the draft proposes DHCP; choose an address in the wizard.',
      'Only the first network interface is captured (it has 2).',
    ]);
    expect(d.template.description).toContain('Captured from Web 1 (CT 140 on pve2) by alice on 2026-12-05: 2 packages and 1 service beyond the debian 12 image.');
  });

  it('installs with the family’s own tool elsewhere, and has one harmless step when nothing differs', () => {
    const probe: ProbeResult = { osId: 'fedora', osVersion: '42', family: 'rpm', packages: ['bash', 'nginx', 'htop'], essential: [], services: [], localUnits: [], error: null };
    const d = captureDraft(cfg, probe, src);
    expect(d.template.steps).toEqual([expect.objectContaining({ type: 'script', run: 'dnf -y install nginx htop\n', retry: true })]);
    const bare = captureDraft(cfg, { ...probe, packages: ['bash'] }, src);
    expect(bare.template.steps).toEqual([expect.objectContaining({ id: 'nothing', type: 'script', run: 'true\n' })]);
  });
});
