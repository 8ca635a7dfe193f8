import { loadApiIndex } from '../../src/schema/api-index';
import type { HttpMethod, PveSchema } from '../../src/schema/types';

export interface Looseness {
  /** Paths (like `data` or `data[].vmid`) where PVE sends numbers as numeric strings. */
  numericStrings?: readonly string[];
}

/**
 * Checks an answer against a method's `returns` schema with JSON types taken strictly (unlike
 * the Perl validator): integers must be JSON integers, booleans PVE's 0/1, required properties
 * present. Extra properties are allowed - PVE's `returns` schemas are often incomplete.
 */
export function returnsViolations(method: HttpMethod, template: string, data: unknown, loose: Looseness = {}): string[] {
  const info = loadApiIndex().method(method, template);
  if (!info) return [`no such method ${method} ${template}`];
  const out: string[] = [];
  check(data, info.returns, 'data', out, loose);
  return out;
}

function check(value: unknown, schema: PveSchema | undefined, path: string, out: string[], loose: Looseness): void {
  if (!schema?.type) return;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const bad = (what: string): void => {
    out.push(`${path}: expected ${what}, got ${JSON.stringify(value)?.slice(0, 80)}`);
  };
  const numericString = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) && (loose.numericStrings ?? []).includes(path);
  switch (type) {
    case 'null':
      if (value !== null) bad('null');
      return;
    case 'string':
      if (typeof value !== 'string') bad('string');
      else if (schema.enum && !schema.enum.map(String).includes(value)) bad(`one of ${schema.enum.join('|')}`);
      return;
    case 'integer':
      if (!(typeof value === 'number' && Number.isInteger(value)) && !numericString) bad('integer');
      return;
    case 'number':
      if (typeof value !== 'number' && !numericString) bad('number');
      return;
    case 'boolean':
      if (value !== 0 && value !== 1) bad('0 or 1');
      return;
    case 'array':
      if (!Array.isArray(value)) {
        bad('array');
        return;
      }
      value.forEach((item) => check(item, schema.items, `${path}[]`, out, loose));
      return;
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        bad('object');
        return;
      }
      const obj = value as Record<string, unknown>;
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (obj[key] === undefined) {
          if (!sub.optional) out.push(`${path}.${key}: required property missing`);
          continue;
        }
        check(obj[key], sub, `${path}.${key}`, out, loose);
      }
      return;
    }
    default:
      return;
  }
}
