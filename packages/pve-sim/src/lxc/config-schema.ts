import { createHash, randomBytes } from 'node:crypto';
import { loadApiIndex } from '../schema/api-index';
import { splitList } from '../schema/formats';
import { parsePerlBoolean, printPropertyString, splitPropertyString } from '../schema/property-string';
import type { PveSchema } from '../schema/types';
import { lookupProperty } from '../schema/validate';

/**
 * The container config format (`/etc/pve/lxc/<vmid>.conf`), described by the `PUT .../config`
 * parameters of the schema: typing, property strings, the file text and its digest.
 */
const NON_CONFIG = new Set(['node', 'vmid', 'delete', 'digest', 'revert']);

let props: Record<string, PveSchema> | undefined;

export function configProperties(): Record<string, PveSchema> {
  if (!props) {
    const info = loadApiIndex().method('PUT', '/nodes/{node}/lxc/{vmid}/config');
    const all = info?.parameters?.properties ?? {};
    props = Object.fromEntries(Object.entries(all).filter(([k]) => !NON_CONFIG.has(k)));
  }
  return props;
}

export function configKeySchema(key: string): PveSchema | undefined {
  return lookupProperty(configProperties(), key);
}

function subFormat(key: string): Record<string, PveSchema> {
  const f = configKeySchema(key)?.format;
  if (!f || typeof f === 'string') throw new Error(`internal error - '${key}' is not a property string`);
  return f;
}

export function parseConfigPropertyString(key: string, value: string): Record<string, string> {
  return splitPropertyString(subFormat(key), value);
}

export function printConfigPropertyString(key: string, values: Record<string, string | number | undefined>): string {
  return printPropertyString(values, subFormat(key));
}

/** Random MAC with the Proxmox prefix, like `PVE::Tools::random_ether_addr('BC:24:11')`. */
export function randomMac(): string {
  const tail = [...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0').toUpperCase());
  return ['BC', '24', '11', ...tail].join(':');
}

/** `parse_lxc_network` + `print_lxc_network`: adds `type=veth` and a MAC when missing. */
export function normalizeNetwork(key: string, value: string): string {
  const net = parseConfigPropertyString(key, value);
  net['type'] = 'veth';
  net['hwaddr'] ??= randomMac();
  return printConfigPropertyString(key, net);
}

/** Tags: split, lowercased, de-duplicated and sorted, `;`-joined. */
export function normalizeTags(value: string): string {
  const tags = [...new Set(splitList(value).map((t) => t.toLowerCase()))].sort();
  return tags.join(';');
}

export interface MountPoint {
  volume: string;
  /** `volume` (storage-backed), `bind` (host path) or `device`. */
  type: 'volume' | 'bind' | 'device';
  options: Record<string, string>;
}

/** `parse_volume` for `rootfs` / `mpN`. */
export function parseMountPoint(key: string, value: string): MountPoint {
  const options = parseConfigPropertyString(key, value);
  const volume = options['volume'] ?? '';
  const type = volume.startsWith('/dev/') ? 'device' : volume.startsWith('/') ? 'bind' : 'volume';
  return { volume, type, options };
}

/** `parse_features`. */
export function parseFeatures(value: string | undefined): Record<string, string> {
  if (!value) return {};
  return parseConfigPropertyString('features', value);
}

/** Perl's `split(/\n/, $text)`: trailing empty fields are dropped, inner and leading ones kept. */
function descriptionLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The description as PVE reads it back: the config file keeps it as `#` lines and
 * `parse_pct_config` appends "\n" to each decoded line, so it always ends with a newline (and an
 * empty one disappears).
 */
export function descriptionAsRead(text: string | undefined): string | undefined {
  const lines = descriptionLines(text ?? '');
  return lines.length > 0 ? lines.map((l) => `${l}\n`).join('') : undefined;
}

/** The config file text PVE writes (description as `#` comments, then sorted `key: value`). */
export function configFileText(config: Readonly<Record<string, string>>): string {
  let raw = '';
  for (const line of descriptionLines(config['description'] ?? '')) raw += `#${encodeText(line)}\n`;
  for (const key of Object.keys(config).sort()) {
    if (key === 'description' || key === 'digest') continue;
    raw += `${key}: ${config[key] ?? ''}\n`;
  }
  return raw;
}

export function configDigest(config: Readonly<Record<string, string>>): string {
  return createHash('sha1').update(configFileText(config)).digest('hex');
}

/**
 * The config as `GET .../config` returns it: integers and booleans as JSON numbers (PVE's
 * `check_type` converts them), everything else as the stored string, plus the digest.
 */
export function configForApi(config: Readonly<Record<string, string>>, digest = configDigest(config)): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'description') {
      const read = descriptionAsRead(value);
      if (read !== undefined) out[key] = read;
      continue;
    }
    const type = configKeySchema(key)?.type;
    if (type === 'integer' && /^\d+$/.test(value)) out[key] = Number(value);
    else if (type === 'boolean') out[key] = parsePerlBoolean(value) ?? value;
    else out[key] = value;
  }
  out['digest'] = digest;
  return out;
}

/** The OS type PVE detects from a template name (`debian-12-standard_...` -> `debian`). */
export function detectOsType(ostemplate: string): string {
  const name = ostemplate.split('/').pop() ?? '';
  const known = ['debian', 'ubuntu', 'alpine', 'centos', 'fedora', 'archlinux', 'opensuse', 'gentoo', 'devuan', 'nixos'];
  const hit = known.find((os) => name.startsWith(os));
  if (hit) return hit;
  if (name.startsWith('almalinux') || name.startsWith('rockylinux')) return 'centos';
  return 'unmanaged';
}

/** `PVE::Tools::encode_text`: control and high-bit characters and ':' are %-escaped (UTF-8). */
function encodeText(line: string): string {
  return Array.from(Buffer.from(line, 'utf8'))
    .map((b) => (b >= 0x20 && b <= 0x7e && b !== 0x3a ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}
