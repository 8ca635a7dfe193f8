import { isIPv6 } from 'node:net';

/**
 * Named string formats (`register_format` in pve-common / pve-storage / pve-container).
 * A verifier throws with PVE's exact `die` text, which ends in "\n" like the Perl original:
 * the validator embeds it verbatim (`invalid format - <text>`).
 */
export class FormatError extends Error {}

type Verifier = (value: string) => void;

const fail = (text: string): never => {
  throw new FormatError(`${text}\n`);
};

const IPV4_OCTET = '(?:25[0-5]|(?:2[0-4]|1[0-9]|[1-9])?[0-9])';
export const IPV4_RE_SRC = `(?:(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET})`;
const IPV4 = new RegExp(`^${IPV4_RE_SRC}$`);

export const isIpv4 = (v: string): boolean => IPV4.test(v);
export const isIpv6 = (v: string): boolean => isIPv6(v) && !v.includes('%');

export function isCidrV4(v: string): boolean {
  const m = /^(.+)\/(\d+)$/.exec(v);
  return m !== null && isIpv4(m[1] ?? '') && Number(m[2]) > 7 && Number(m[2]) <= 32;
}

export function isCidrV6(v: string): boolean {
  const m = /^(.+)\/(\d+)$/.exec(v);
  return m !== null && isIpv6(m[1] ?? '') && Number(m[2]) > 7 && Number(m[2]) <= 128;
}

const DNS_LABEL = '([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)';
const DNS_NAME = new RegExp(`^(${DNS_LABEL}\\.)*${DNS_LABEL}$`);
const STORAGE_CONTENT = new Set(['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import']);
const TIMEZONES = new Set<string>(Intl.supportedValuesOf('timeZone'));

/** `PVE::Tools::split_list`: NUL-separated, or split on `,` `;` and whitespace. */
export function splitList(text: string): string[] {
  if (text.includes('\0')) return text.split('\0');
  return text
    .replace(/[,;]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((s) => s.length > 0);
}

export function parseVolumeId(volid: string): { storage: string; volname: string } | undefined {
  const m = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/is.exec(volid);
  return m?.[1] && m[2] ? { storage: m[1], volname: m[2] } : undefined;
}

/** `PVE::JSONSchema::parse_size`: bytes, or undefined when not a size. */
export function parseSize(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(value);
  if (!m) return undefined;
  const mult = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2] ?? ''] ?? 1;
  return Math.floor(Number(m[1]) * mult);
}

const isIface = (v: string): boolean => /^[a-z][a-z0-9_]{1,20}([:.]\d+)?$/i.test(v);

const verifiers: Record<string, Verifier> = {
  'pve-node': (v) => {
    if (!/^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)$/.test(v)) fail('value does not look like a valid node name');
  },
  'pve-vmid': (v) => {
    if (!/^[1-9][0-9]{2,8}$/.test(v)) fail('value does not look like a valid VM ID');
  },
  'pve-configid': (v) => {
    if (!/^[a-z][a-z0-9_-]+$/i.test(v)) fail(`invalid configuration ID '${v}'`);
  },
  'pve-storage-id': (v) => {
    if (!/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v)) fail(`storage ID '${v}' contains illegal characters`);
  },
  'pve-bridge-id': (v) => {
    if (!/^[-_.\w\d]+$/.test(v)) fail(`invalid bridge ID '${v}'`);
  },
  'pve-poolid': (v) => {
    if (!/^[A-Za-z0-9_-]+$/.test(v)) fail(`invalid pool ID '${v}'`);
  },
  'pve-volume-id': (v) => {
    if (!parseVolumeId(v)) fail(`unable to parse volume ID '${v}'`);
  },
  'pve-tag': (v) => {
    if (!/^[a-z0-9_][a-z0-9_\-+.]*$/i.test(v)) fail('invalid characters in tag');
  },
  'mac-addr': (v) => {
    if (!/^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i.test(v)) fail('value does not look like a valid unicast MAC address');
  },
  ipv4: (v) => {
    if (!isIpv4(v)) fail('value does not look like a valid IPv4 address');
  },
  ipv6: (v) => {
    if (!isIpv6(v)) fail('value does not look like a valid IPv6 address');
  },
  ip: (v) => {
    if (!isIpv4(v) && !isIpv6(v)) fail('value does not look like a valid IP address');
  },
  'pve-ipv4-config': (v) => {
    if (!/^(?:dhcp|manual)$/.test(v) && !isCidrV4(v)) fail('value does not look like a valid ipv4 network configuration');
  },
  'pve-ipv6-config': (v) => {
    if (!/^(?:auto|dhcp|manual)$/.test(v) && !isCidrV6(v)) fail('value does not look like a valid ipv6 network configuration');
  },
  CIDRv4: (v) => {
    if (!isCidrV4(v)) fail('value does not look like a valid IPv4 CIDR network');
  },
  CIDRv6: (v) => {
    if (!isCidrV6(v)) fail('value does not look like a valid IPv6 CIDR network');
  },
  CIDR: (v) => {
    if (!isCidrV4(v) && !isCidrV6(v)) fail('value does not look like a valid CIDR network');
  },
  'dns-name': (v) => {
    if (!DNS_NAME.test(v)) fail('value does not look like a valid DNS name');
  },
  address: (v) => {
    if (!isIpv4(v) && !isIpv6(v) && !DNS_NAME.test(v)) fail(`value does not look like a valid address: ${v}`);
  },
  'disk-size': (v) => {
    if (parseSize(v) === undefined) fail(`value does not look like a valid disk size: ${v}`);
  },
  'pve-startup-order': (v) => {
    const ok = v.length > 0 && v.split(',').every((p) => /^\s*$/.test(p) || /^(order=)?\d+$/.test(p) || /^(up|down)=\d+$/.test(p));
    if (!ok) fail('unable to parse startup options');
  },
  'pve-lxc-mp-string': (v) => {
    if (/\/\.\.?\//.test(v) || /\/\.\.?$/.test(v) || /^\.\.\//.test(v)) fail(`${v} contains illegal character sequences`);
  },
  'pve-lxc-dev-string': (v) => {
    if (/\/\.\.?\//.test(v) || /\/\.\.?$/.test(v) || !/^\/dev\//.test(v)) fail(`${v} is not a valid device path`);
  },
  'pve-ct-timezone': (v) => {
    if (v !== 'host' && v !== 'UTC' && !TIMEZONES.has(v)) fail(`invalid time zone '${v}'`);
  },
  'lxc-ip-with-ll-iface': (v) => {
    const m = /^(fe80:[^%]+)%(.*)$/i.exec(v);
    if (m && isIpv6(m[1] ?? '') && isIface(m[2] ?? '')) return;
    if (!isIpv4(v) && !isIpv6(v)) fail('value does not look like a valid IP address');
  },
  'pve-storage-content': (v) => {
    if (v !== 'none' && !STORAGE_CONTENT.has(v)) fail(`invalid content type '${v}'`);
  },
  'pve-task-status-type': (v) => {
    if (!/^(ok|error|warning|unknown)$/i.test(v)) fail(`invalid status '${v}'`);
  },
  'pve-iface': (v) => {
    if (!isIface(v)) fail(`invalid network interface name '${v}'`);
  },
  urlencoded: (v) => {
    if (!/^[-%a-zA-Z0-9_.!~*'()]*$/.test(v)) fail(`invalid urlencoded string: ${v}`);
  },
  string: () => undefined,
};

/**
 * `check_format` for a named (string) format, including the `-list` and `-opt` suffixes.
 * Formats the simulator does not know are accepted: it only validates methods it implements.
 */
export function checkNamedFormat(format: string, value: string): void {
  const m = /^(.*?)(?:-(list|opt))?$/.exec(format);
  const name = m?.[1] ?? format;
  const kind = m?.[2];
  const verify = verifiers[name];
  if (!verify) return;
  if (kind === 'list') {
    for (const item of splitList(value)) verify(item);
  } else if (kind === 'opt') {
    if (value) verify(value);
  } else {
    verify(value);
  }
}
