/**
 * A kiln/v1 template draft from what a capture read: the container's config (resources, features,
 * network shape) and the probe (OS, packages and enabled services beyond the OS image). Pure.
 *
 * Nothing secret is copied: no file contents, no environment, no addresses, no params. What the
 * format cannot express (other features, a static address, hand-written unit files) is said in the
 * description, so the user sees it in the editor before saving.
 */
import { assertTemplate, isIp, type Template } from '@kiln/core/templates';
import type { LxcConfig } from '@kiln/pve';
import { sizeInGiB } from '../containers/settings';
import { isKilnTag } from '../schemas/container-settings';
import { BASE_IMAGES } from './base-images';
import type { ProbeResult } from './probe';

/** How many packages one `packages` step may list (the schema's limit). */
const PACKAGES_PER_STEP = 200;
const PACKAGE_WORD = /^[a-z0-9][a-z0-9+._-]*$/i;
const PVE_TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/;
const BRIDGE = /^[-_.\w]{1,15}$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export interface CaptureSource {
  hostname: string;
  vmid: number;
  pveNode: string;
  capturedBy: string;
  at: Date;
}

export interface CaptureDraft {
  template: Template;
  /** Packages and services beyond the image (what the steps install and enable). */
  packages: string[];
  services: string[];
  /** What the draft leaves out, and why (also in the description). */
  notes: string[];
}

/** `/etc/os-release` ID and VERSION_ID → the template's `os` (the image names PVE's aplinfo uses). */
export function osOf(id: string, version: string | null): Template['os'] {
  const distribution = id === 'rocky' ? 'rockylinux' : id;
  const v = version ?? '';
  // Debian, Fedora and Rocky images are named by major version; Alpine and Ubuntu by major.minor.
  const short = distribution === 'alpine' || distribution === 'ubuntu' ? v.split('.').slice(0, 2).join('.') : (v.split('.')[0] ?? '');
  return { distribution, version: short || v, arch: 'amd64' };
}

function slugOf(hostname: string): string {
  const base = hostname
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `${base || 'container'}-capture`;
}

/** The extra packages and enabled services of a container, against its image's manifest. */
export function difference(probe: ProbeResult): { packages: string[]; services: string[]; localUnits: string[]; templateUnits: string[] } {
  const base = BASE_IMAGES[probe.family ?? 'debian'];
  const essential = new Set(probe.essential);
  const packages = probe.packages.filter((p) => !base.packages.has(p) && !essential.has(p));
  const local = new Set(probe.localUnits);
  const extra = probe.services.filter((s) => !base.services.has(s));
  return {
    packages,
    services: extra.filter((s) => !local.has(s) && !s.includes('@')),
    localUnits: extra.filter((s) => local.has(s)),
    templateUnits: extra.filter((s) => !local.has(s) && s.includes('@')),
  };
}

function installSteps(family: ProbeResult['family'], packages: string[]): Template['steps'] {
  if (packages.length === 0) return [];
  if (family === 'debian') {
    const steps: Template['steps'] = [];
    for (let i = 0; i < packages.length; i += PACKAGES_PER_STEP) {
      const n = steps.length + 1;
      steps.push({
        id: n === 1 ? 'packages' : `packages-${n}`,
        type: 'packages',
        title: 'Install the captured packages',
        packages: packages.slice(i, i + PACKAGES_PER_STEP),
        timeout: 1800,
        retry: true,
      });
    }
    return steps;
  }
  // Package names hold only letters, digits and + . _ - (the probe keeps no other): one shell word each, unquoted.
  const words = packages.filter((p) => PACKAGE_WORD.test(p)).join(' ');
  const run = family === 'alpine' ? `apk add --no-cache ${words}\n` : `dnf -y install ${words}\n`;
  return [{ id: 'packages', type: 'script', title: 'Install the captured packages', run, shell: 'sh', timeout: 1800, retry: true }];
}

function stepId(unit: string): string {
  return `service-${unit
    .replace(/\.service$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')}`.slice(0, 63);
}

export function captureDraft(cfg: LxcConfig, probe: ProbeResult, src: CaptureSource): CaptureDraft {
  if (!probe.osId || !probe.family) throw new Error('captureDraft needs a probe that found the OS.');
  const diff = difference(probe);
  const notes: string[] = [];
  const net = cfg.net[0];
  const f = cfg.features;
  const other = [f.mknod && 'mknod', f.force_rw_sys && 'force_rw_sys', f.mount.length > 0 && `mount=${f.mount.join(';')}`].filter(Boolean);
  if (other.length) notes.push(`Features a template cannot set: ${other.join(', ')}.`);
  if (net?.ip && net.ip !== 'dhcp' && net.ip !== 'manual') notes.push('The container has a static IPv4 address: the draft proposes DHCP; choose an address in the wizard.');
  const ipv6 = net?.ip6 === 'auto' || net?.ip6 === 'dhcp' ? net.ip6 : 'none';
  if (net?.ip6 && net.ip6 !== 'auto' && net.ip6 !== 'dhcp' && net.ip6 !== 'manual') notes.push('The container has a static IPv6 address: the draft leaves IPv6 off.');
  if (Object.keys(cfg.net).length > 1) notes.push(`Only the first network interface is captured (it has ${Object.keys(cfg.net).length}).`);
  if (Object.keys(cfg.mp).length > 0) notes.push('Mount points are not captured.');
  if (diff.localUnits.length) notes.push(`Unit files written by hand are not copied (they may hold secrets): ${diff.localUnits.join(', ')}.`);
  if (diff.templateUnits.length) notes.push(`Instances of template units are not captured: ${diff.templateUnits.join(', ')}.`);

  const disk = sizeInGiB(cfg.rootfs?.size);
  const tags = (cfg.tags ?? []).filter((t) => !isKilnTag(t) && PVE_TAG.test(t)).slice(0, 20);
  const nameservers = (cfg.nameserver ?? '')
    .split(/[\s,;]+/)
    .filter((n) => n && isIp(n))
    .slice(0, 3);
  const searchdomain = (cfg.searchdomain ?? '').split(/[\s,;]+/).find((d) => DOMAIN.test(d));
  const services = diff.services.map((unit) => ({
    id: stepId(unit),
    type: 'service' as const,
    title: `Enable ${unit}`,
    name: unit.replace(/\.service$/, ''),
    enable: true,
    start: true,
    restart: false,
    timeout: 120,
    retry: true,
  }));
  const steps = [...installSteps(probe.family, diff.packages), ...services];
  if (steps.length === 0) steps.push({ id: 'nothing', type: 'script', title: 'Nothing beyond the OS image', run: 'true\n', shell: 'sh', timeout: 60, retry: true });

  const day = src.at.toISOString().slice(0, 10);
  const summary = `Captured from ${src.hostname} (CT ${src.vmid} on ${src.pveNode}) by ${src.capturedBy} on ${day}: ${diff.packages.length} package${diff.packages.length === 1 ? '' : 's'} and ${diff.services.length} service${diff.services.length === 1 ? '' : 's'} beyond the ${probe.osId} ${probe.osVersion ?? ''} image.`;
  const description = [summary.replace(/ +/g, ' '), ...notes].join(' ').slice(0, 1000);
  const doc = {
    apiVersion: 'kiln/v1',
    slug: slugOf(src.hostname),
    name: `${src.hostname} (captured)`.slice(0, 80),
    version: '1.0.0',
    description,
    icon: 'server',
    tags: ['captured'],
    os: osOf(probe.osId, probe.osVersion),
    defaults: {
      cores: Math.max(1, cfg.cores ?? 1),
      memory: Math.max(16, cfg.memory ?? 512),
      swap: cfg.swap ?? 512,
      disk: Math.max(1, Math.ceil(disk ?? 8)),
      unprivileged: cfg.unprivileged,
      features: { nesting: f.nesting, keyctl: f.keyctl, fuse: f.fuse },
      network: {
        bridge: net?.bridge && BRIDGE.test(net.bridge) ? net.bridge : 'vmbr0',
        ipv4: 'dhcp',
        ipv6,
        ...(net?.tag !== undefined ? { vlan: net.tag } : {}),
        firewall: net?.firewall ?? false,
      },
      dns: { nameservers, ...(searchdomain ? { searchdomain } : {}) },
      tags,
    },
    steps,
  };
  return { template: assertTemplate(doc), packages: diff.packages, services: diff.services, notes };
}
