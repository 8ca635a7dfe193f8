import { ValidationError } from '@kiln/core';

/**
 * PVE property strings: `key=value,key=value`, with an optional bare leading value for the format's
 * `default_key` (`rootfs: local-lvm:8,size=8G`, `mp0: /srv/data,mp=/data`).
 *
 * Escaping rules, as PVE's own parser (PVE::JSONSchema::parse_property_string) applies them:
 * - parts are split at every `,`, and PVE has no escape for a comma inside a value, so a value
 *   holding a comma cannot be written; the builder refuses it instead of sending a wrong config;
 * - the key ends at the first `=`; the value may contain `=` (`key=a=b` is key `key`, value `a=b`);
 * - a part without `=` is the default key's value, so a default-key value that holds `=` must be
 *   written as `key=value` (the builder does that);
 * - empty values are invalid; the builder treats '' as "not set";
 * - lists inside a value use `;` (`mountoptions=noatime;nodev`, `trunks=10;20`, `mount=nfs;cifs`).
 * The parser also accepts Proxmox's Rust-side double-quoted values (`key="a,b"`, `\"` escapes),
 * which newer tools emit, so a config written by them still reads.
 */

export type PropertyValue = string | number | boolean | readonly (string | number)[] | null | undefined;

const KEY_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

function formatValue(key: string, value: Exclude<PropertyValue, null | undefined>): string | undefined {
  let text: string;
  if (typeof value === 'boolean') text = value ? '1' : '0';
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(`Property ${key} is not a finite number.`, { [key]: 'Not a number' });
    text = String(value);
  } else if (Array.isArray(value)) text = value.map(String).join(';');
  else text = value as string;
  if (text === '') return undefined;
  if (text.includes(',')) {
    throw new ValidationError(`Property ${key} cannot contain a comma.`, { [key]: 'Commas are not allowed' });
  }
  if (/[\r\n]/.test(text)) {
    throw new ValidationError(`Property ${key} cannot contain a line break.`, { [key]: 'Line breaks are not allowed' });
  }
  return text;
}

/**
 * Build a property string. Keys keep insertion order, except the default key, which goes first
 * and bare. Booleans become 1/0, arrays are `;`-joined, null/undefined/'' are left out.
 */
export function buildPropertyString(values: Readonly<Record<string, PropertyValue>>, options: { defaultKey?: string } = {}): string {
  const parts: string[] = [];
  const { defaultKey } = options;
  const defaultValue = defaultKey === undefined ? undefined : values[defaultKey];
  if (defaultKey !== undefined && defaultValue !== undefined && defaultValue !== null) {
    const text = formatValue(defaultKey, defaultValue);
    if (text !== undefined) parts.push(text.includes('=') ? `${defaultKey}=${text}` : text);
  }
  for (const [key, value] of Object.entries(values)) {
    if (key === defaultKey || value === undefined || value === null) continue;
    if (!KEY_RE.test(key)) throw new ValidationError(`Invalid property key ${JSON.stringify(key)}.`, { [key]: 'Invalid key' });
    const text = formatValue(key, value);
    if (text !== undefined) parts.push(`${key}=${text}`);
  }
  return parts.join(',');
}

/** Split at commas that are not inside a double-quoted section. */
function splitParts(input: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted && ch === '\\' && i + 1 < input.length) {
      current += ch + input[++i]!;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (quoted) throw new ValidationError('Unterminated quote in property string.', { _root: 'Unterminated quote' });
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

/** Parse a property string into raw string values. Throws ValidationError like PVE would refuse it. */
export function parsePropertyString(input: string, options: { defaultKey?: string } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of splitParts(input)) {
    if (/^\s*$/.test(part)) continue;
    const eq = part.indexOf('=');
    const quoteAt = part.indexOf('"');
    // A bare value (no `=` outside quotes) belongs to the default key.
    const bare = eq === -1 || (quoteAt !== -1 && quoteAt < eq);
    const key = bare ? options.defaultKey : part.slice(0, eq);
    const value = unquote(bare ? part : part.slice(eq + 1));
    if (key === undefined) {
      throw new ValidationError('Value without key, and this format has no default key.', { _root: 'Missing key' });
    }
    if (!bare && (key.length === 0 || value.length === 0)) {
      throw new ValidationError('Missing key or value in property string.', { [key || '_root']: 'Missing key or value' });
    }
    if (key in out) {
      throw new ValidationError(`Duplicate key ${key} in property string.`, { [key]: 'Duplicate key' });
    }
    out[key] = value;
  }
  return out;
}

const TAG_RE = /^[a-z0-9_][a-z0-9_\-+.]*$/;

/** Tags as PVE stores them: lowercased, unique, sorted, `;`-joined. Invalid tags are refused. */
export function tagsToString(tags: readonly string[]): string {
  const clean = new Set<string>();
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    if (tag === '') continue;
    if (!TAG_RE.test(tag)) {
      throw new ValidationError(`Invalid tag ${JSON.stringify(raw)}: use letters, digits and _ - + .`, {
        tags: 'Invalid tag',
      });
    }
    clean.add(tag);
  }
  return [...clean].sort().join(';');
}

/**
 * Parse PVE's tag list (`;`, `,` or space separated) into a de-duplicated array, sorted
 * case-insensitively (PVE compares tags case-insensitively unless told otherwise).
 */
export function parseTags(value: string | undefined): string[] {
  if (value === undefined) return [];
  const tags = new Set(value.split(/[;,\s]+/).filter((t) => t.length > 0));
  return [...tags].sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}
