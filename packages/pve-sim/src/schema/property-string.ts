import type { PveSchema } from './types';

/**
 * Property strings (`key=value,key=value` with an optional bare value for the `default_key`),
 * ported from `PVE::JSONSchema::parse_property_string` / `print_property_string`.
 */
export class PropertyStringError extends Error {
  /** Per-key errors (`net0.ip: ...`) raised by the schema check of the parsed hash. */
  readonly errors: Record<string, string> | undefined;
  constructor(message: string, errors?: Record<string, string>) {
    super(message);
    this.errors = errors;
  }
}

const PERL_TRUE = /^(1|on|yes|true)$/i;
const PERL_FALSE = /^(0|off|no|false)$/i;

/** `PVE::JSONSchema::parse_boolean`. */
export function parsePerlBoolean(value: string): 0 | 1 | undefined {
  if (PERL_TRUE.test(value)) return 1;
  if (PERL_FALSE.test(value)) return 0;
  return undefined;
}

/**
 * Splits a property string into a raw key/value hash (no schema check of the values yet).
 * Throws with PVE's texts for structural problems (unknown key, duplicates, missing key).
 */
export function splitPropertyString(format: Record<string, PveSchema>, data: string): Record<string, string> {
  const res: Record<string, string> = {};
  let defaultKey: string | undefined;
  for (const part of data.split(',')) {
    if (/^\s*$/.test(part)) continue;
    const kv = /^([^=]+)=(.+)$/s.exec(part);
    if (kv) {
      let key = kv[1] ?? '';
      let value = kv[2] ?? '';
      if (res[key] !== undefined) throw new PropertyStringError(`duplicate key in comma-separated list property: ${key}\n`);
      let schema = format[key];
      if (schema?.alias) {
        if (schema.keyAlias) {
          if (res[schema.keyAlias] !== undefined) throw new PropertyStringError(`key alias '${schema.keyAlias}' is already defined\n`);
          res[schema.keyAlias] = key;
        }
        key = schema.alias;
        schema = format[key];
      }
      if (!schema) throw new PropertyStringError(`invalid key in comma-separated list property: ${key}\n`);
      if (schema.type === 'boolean') value = String(parsePerlBoolean(value) ?? value);
      res[key] = value;
    } else if (!part.includes('=')) {
      if (defaultKey !== undefined) throw new PropertyStringError(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      const found = Object.keys(format).find((k) => format[k]?.default_key);
      if (found === undefined) throw new PropertyStringError('value without key, but schema does not define a default key\n');
      defaultKey = found;
      if (res[found]) throw new PropertyStringError(`duplicate key in comma-separated list property: ${found}\n`);
      res[found] = part;
    } else {
      throw new PropertyStringError('missing key in comma-separated list property\n');
    }
  }
  return res;
}

/**
 * `print_property_string`: the default key first (bare), then required keys, then the optional
 * ones, each group sorted - the order PVE writes configs in (`name=eth0,bridge=vmbr0,...`).
 */
export function printPropertyString(values: Readonly<Record<string, string | number | undefined>>, format: Record<string, PveSchema>): string {
  const defaultKey = Object.keys(format).find((k) => format[k]?.default_key);
  const parts: string[] = [];
  const done = new Set<string>();
  if (defaultKey !== undefined && values[defaultKey] !== undefined) {
    parts.push(String(values[defaultKey]));
    done.add(defaultKey);
  }
  const present = Object.keys(values).filter((k) => values[k] !== undefined && !done.has(k));
  const required = present.filter((k) => format[k] && !format[k]?.optional && !format[k]?.alias).sort();
  const optional = present.filter((k) => !required.includes(k)).sort();
  for (const k of [...required, ...optional]) parts.push(`${k}=${String(values[k])}`);
  return parts.join(',');
}
