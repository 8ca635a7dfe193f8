import { checkNamedFormat, FormatError } from './formats';
import { perlPatternToRegExp } from './perl-regex';
import { PropertyStringError, splitPropertyString } from './property-string';
import type { PveSchema } from './types';

/**
 * A port of `PVE::JSONSchema::check_prop` / `check_object` / `check_type`, with the same
 * error texts and the same quirks (errors for one path joined by a literal `\n`, format errors
 * carrying the verifier's trailing newline). Values are what the HTTP layer decoded: strings from
 * form bodies and query strings, or JSON values from JSON bodies.
 */
export type ErrorMap = Record<string, string>;

/** Highest index + 1 of indexed parameter families (`net[n]` -> net0..net31), from pve-container. */
const FAMILY_SIZE: Record<string, number> = { net: 32, mp: 256, unused: 256, dev: 256 };
const DEFAULT_FAMILY_SIZE = 256;

const isNumber = (v: string): boolean => /^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?$/.test(v);
const isInteger = (v: string): boolean => /^[+-]?\d+$/.test(v);
const isOptional = (s: PveSchema): boolean => Boolean(s.optional);

function addError(errors: ErrorMap, path: string, msg: string): void {
  const key = path || '_root';
  const old = errors[key];
  // Perl joins with a single-quoted '\n': a literal backslash-n, not a newline.
  errors[key] = old ? `${old}\\n${msg}` : msg;
}

/** The Perl view of a decoded value: a ref type, or the scalar's string form. */
function perlRef(value: unknown): string | undefined {
  if (typeof value === 'boolean') return 'JSON::PP::Boolean';
  if (Array.isArray(value)) return 'ARRAY';
  if (value !== null && typeof value === 'object') return 'HASH';
  return undefined;
}

export function perlScalar(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return String(value);
}

/** Resolves `net0` to the `net[n]` family schema when there is no exact property. */
export function lookupProperty(props: Record<string, PveSchema>, key: string): PveSchema | undefined {
  const direct = props[key];
  if (direct) return direct;
  const m = /^([a-z][a-z_-]*?)(\d+)$/i.exec(key);
  if (!m?.[1] || m[2] === undefined) return undefined;
  const family = props[`${m[1]}[n]`];
  if (!family) return undefined;
  if (m[2].length > 1 && m[2].startsWith('0')) return undefined;
  return Number(m[2]) < (FAMILY_SIZE[m[1]] ?? DEFAULT_FAMILY_SIZE) ? family : undefined;
}

function checkType(path: string, type: PveSchema['type'], value: unknown, errors: ErrorMap): boolean {
  if (!type) return true;
  if (Array.isArray(type)) {
    for (const t of type) {
      if (checkType(path, t, value, {})) return true;
    }
    addError(errors, path, `type check ('${type.join('|')}') failed`);
    return false;
  }
  if (type === 'any') return true;
  if (type === 'null') {
    addError(errors, path, `type check ('${type}') failed - value is not null`);
    return false;
  }
  const ref = perlRef(value);
  if (type === 'array' || type === 'object') {
    if (ref !== (type === 'array' ? 'ARRAY' : 'HASH')) {
      addError(errors, path, `type check ('${type}') failed`);
      return false;
    }
    return true;
  }
  if (ref) {
    if (type === 'boolean' && ref === 'JSON::PP::Boolean') return true;
    addError(errors, path, `type check ('${type}') failed - got ${ref}`);
    return false;
  }
  const v = perlScalar(value);
  const ok = type === 'boolean' ? v === '1' || v === '0' : type === 'integer' ? isInteger(v) : type === 'number' ? isNumber(v) : true;
  if (!ok) addError(errors, path, `type check ('${type}') failed - got '${v}'`);
  return ok;
}

function stringifyFormatError(err: unknown): string {
  if (err instanceof PropertyStringError) {
    let msg = err.message;
    for (const [k, v] of Object.entries(err.errors ?? {})) msg += `${k}: ${v}\n`;
    return msg;
  }
  if (err instanceof FormatError) return err.message;
  throw err;
}

function checkFormat(format: NonNullable<PveSchema['format']>, value: string, path: string): void {
  if (typeof format === 'string') {
    checkNamedFormat(format, value);
    return;
  }
  const parsed = splitPropertyString(format, value);
  const errors: ErrorMap = {};
  checkObject(path, format, parsed, false, errors);
  if (Object.keys(errors).length > 0) throw new PropertyStringError('format error\n', errors);
}

export function checkProp(value: unknown, schema: PveSchema, path: string, errors: ErrorMap): void {
  if (value === undefined || value === null) {
    if (schema.type === 'null') return;
    if (!isOptional(schema) && !schema.alias) addError(errors, path, 'property is missing and it is not optional');
    return;
  }
  if (!checkType(path, schema.type, value, errors)) return;
  const ref = perlRef(value);
  if (ref === 'ARRAY') {
    if (schema.items) (value as unknown[]).forEach((el, i) => checkProp(el, schema.items as PveSchema, `${path}[${i}]`, errors));
    return;
  }
  if (ref === 'HASH') {
    if (schema.properties || schema.additionalProperties) {
      checkObject(path, schema.properties ?? {}, value as Record<string, unknown>, schema.additionalProperties, errors);
    }
    return;
  }
  if (ref) return;
  const v = perlScalar(value);
  if (schema.format) {
    try {
      checkFormat(schema.format, v, path);
    } catch (err) {
      addError(errors, path, `invalid format - ${stringifyFormatError(err)}`);
      return;
    }
  }
  if (schema.pattern && !perlPatternToRegExp(schema.pattern).test(v)) {
    addError(errors, path, 'value does not match the regex pattern');
    return;
  }
  if (schema.maxLength !== undefined && [...v].length > schema.maxLength) {
    addError(errors, path, `value may only be ${schema.maxLength} characters long`);
    return;
  }
  if (schema.minLength !== undefined && [...v].length < schema.minLength) {
    addError(errors, path, `value must be at least ${schema.minLength} characters long`);
    return;
  }
  if (isNumber(v)) {
    if (schema.maximum !== undefined && Number(v) > Number(schema.maximum)) {
      addError(errors, path, `value must have a maximum value of ${schema.maximum}`);
      return;
    }
    if (schema.minimum !== undefined && Number(v) < Number(schema.minimum)) {
      addError(errors, path, `value must have a minimum value of ${schema.minimum}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.some((e) => String(e) === v)) {
    addError(errors, path, `value '${v}' does not have a value in the enumeration '${schema.enum.join(', ')}'`);
  }
}

export function checkObject(path: string, props: Record<string, PveSchema>, value: Record<string, unknown>, additional: PveSchema['additionalProperties'], errors: ErrorMap): void {
  const sub = (k: string): string => (path ? `${path}.${k}` : k);
  for (const [k, schema] of Object.entries(props)) {
    if (k.endsWith('[n]')) continue; // family members are resolved from the value's keys below
    checkProp(value[k], schema, sub(k), errors);
  }
  for (const k of Object.keys(value)) {
    const schema = props[k] ?? lookupProperty(props, k);
    if (schema) {
      if (!props[k]) checkProp(value[k], schema, sub(k), errors);
      const requires = schema.requires;
      if (typeof requires === 'string') {
        if (value[requires] === undefined || value[requires] === null) {
          addError(errors, sub(requires), `missing property - '${sub(k)}' requires this property`);
        }
      } else if (requires) {
        checkProp(value, requires, path, errors);
      }
      continue;
    }
    if (additional !== undefined && !additional) {
      addError(errors, sub(k), 'property is not defined in schema and the schema does not allow additional properties');
    } else if (typeof additional === 'object') {
      checkProp(value[k], additional, sub(k), errors);
    }
  }
}

/** `PVE::JSONSchema::validate` for a method's `parameters`: the error map, empty when valid. */
export function validateParameters(schema: PveSchema | undefined, params: Record<string, unknown>): ErrorMap {
  const errors: ErrorMap = {};
  if (schema) checkProp(params, { ...schema, type: 'object' }, '', errors);
  return errors;
}
