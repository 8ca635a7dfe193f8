/**
 * Parameter values: one zod schema per template, shared by the wizard's form (react-hook-form
 * resolver), the server action and the worker, plus secret generation. Browser-safe.
 *
 * Inputs may come from a form or FormData, so numbers and booleans are also accepted as
 * strings ("8080", "true"); empty text means "not given" and falls back to the default.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';
import type { ParamValue } from './interpolate';
import { matchesWhole, PARAM_VALUE_MAX } from './pattern';
import type { ParamDefinition, SecretCharset, SecretParamDefinition } from './schema/params';

/** Resolved values keyed by param name; a secret left empty is `undefined` until generated. */
export type ParamInput = Record<string, ParamValue | undefined>;

const requiredOr = (message: string) => (iss: { input?: unknown }) => (iss.input === undefined ? 'required' : message);
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkText(value: string, v: { min?: number | undefined; max?: number | undefined; pattern?: string | undefined; message?: string | undefined } | undefined, ctx: z.RefinementCtx): void {
  // Every text value is bounded, so the pattern (linear time) and the rest stay cheap.
  const max = Math.min(v?.max ?? PARAM_VALUE_MAX, PARAM_VALUE_MAX);
  // Cheap check first: counting code points of a huge string is itself work.
  const length = value.length > 2 * PARAM_VALUE_MAX ? Infinity : [...value].length;
  if (v?.min !== undefined && length < v.min) ctx.addIssue({ code: 'custom', message: `must be at least ${v.min} characters` });
  if (length > max) {
    ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
    return;
  }
  if (v?.pattern !== undefined && !matchesWhole(v.pattern, value)) {
    ctx.addIssue({ code: 'custom', message: v.message ?? 'has an invalid format' });
  }
}

function checkRange(value: number, min: number | undefined, max: number | undefined, ctx: z.RefinementCtx): void {
  if (min !== undefined && value < min) ctx.addIssue({ code: 'custom', message: `must be at least ${min}` });
  if (max !== undefined && value > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max}` });
}

const toNumber = (fallback: number | undefined) => (v: unknown) => {
  if (isBlank(v)) return fallback;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return v;
};

/** The schema of one parameter's value. Output: the value, or undefined for an empty secret. */
export function paramValueSchema(def: ParamDefinition): z.ZodType<ParamValue | undefined> {
  switch (def.type) {
    case 'string':
      return z.preprocess(
        (v) => (isBlank(v) ? (def.default ?? (def.optional ? '' : undefined)) : typeof v === 'string' ? v.trim() : v),
        z.string({ error: requiredOr('must be text') }).superRefine((value, ctx) => {
          if (value === '' && def.optional) return;
          checkText(value, def.validation, ctx);
        }),
      );
    case 'number':
      return z.preprocess(
        toNumber(def.default),
        z.number({ error: requiredOr('must be a number') }).superRefine((value, ctx) => {
          if (def.validation?.integer && !Number.isInteger(value)) ctx.addIssue({ code: 'custom', message: 'must be a whole number' });
          checkRange(value, def.validation?.min, def.validation?.max, ctx);
        }),
      );
    case 'port':
      return z.preprocess(
        toNumber(def.default),
        z.number({ error: requiredOr('must be a port number') }).superRefine((value, ctx) => {
          if (!Number.isInteger(value) || value < 1 || value > 65_535) {
            ctx.addIssue({ code: 'custom', message: 'must be a port number from 1 to 65535' });
            return;
          }
          checkRange(value, def.validation?.min, def.validation?.max, ctx);
        }),
      );
    case 'boolean':
      return z.preprocess(
        (v) => {
          if (isBlank(v)) return def.default;
          if (v === 'true' || v === 'on' || v === '1') return true;
          if (v === 'false' || v === 'off' || v === '0') return false;
          return v;
        },
        z.boolean({ error: 'must be true or false' }),
      );
    case 'enum': {
      const options = def.validation.options;
      return z.preprocess(
        (v) => (isBlank(v) ? def.default : v),
        z.string({ error: requiredOr(`must be one of ${options.join(', ')}`) }).refine((value) => options.includes(value), {
          message: `must be one of ${options.join(', ')}`,
        }),
      );
    }
    case 'secret':
      // Never trimmed: a secret is used exactly as typed.
      return z.preprocess(
        (v) => (v === '' || v === null ? undefined : v),
        z
          .string({ error: 'must be text' })
          .optional()
          .superRefine((value, ctx) => {
            // A short secret is no secret: at least 8 characters unless the template says otherwise.
            if (value !== undefined) checkText(value, { ...def.validation, min: def.validation?.min ?? 8 }, ctx);
          }),
      );
  }
}

/** The zod schema of a template's parameter values (unknown keys are dropped). */
export function paramsSchema(template: { params: readonly ParamDefinition[] }): z.ZodType<ParamInput, Record<string, unknown>> {
  const shape: Record<string, z.ZodType<ParamValue | undefined>> = {};
  for (const def of template.params) shape[def.name] = paramValueSchema(def);
  return z.object(shape) as unknown as z.ZodType<ParamInput, Record<string, unknown>>;
}

const CHARSETS: Record<SecretCharset, string> = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
};

export interface SecretSpec {
  name: string;
  length: number;
  charset: SecretCharset;
}

/** Uniform random characters from the Web Crypto RNG (Node 20 and browsers), no modulo bias. */
export function generateSecret(spec: Pick<SecretSpec, 'length' | 'charset'>): string {
  const alphabet = CHARSETS[spec.charset];
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < spec.length) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(spec.length * 2));
    for (const b of bytes) {
      if (b < limit && out.length < spec.length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

export interface ResolvedParams {
  /** Every param's value, secrets included: handle like a secret. */
  values: Record<string, ParamValue>;
  /** The secret values, for redaction of logs and output. */
  secrets: string[];
  /** Names of the secrets generated here (the wizard shows them once). */
  generated: string[];
}

export interface ResolveOptions {
  generateSecret?: (spec: SecretSpec) => string;
}

function firstMessages(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * Fill defaults, generate empty secrets, validate. Throws ValidationError whose fieldErrors are
 * keyed by param name; messages never contain the values.
 */
export function resolveParams(template: { params: readonly ParamDefinition[] }, input: Record<string, unknown>, options: ResolveOptions = {}): ResolvedParams {
  const parsed = paramsSchema(template).safeParse(input);
  if (!parsed.success) {
    const fieldErrors = firstMessages(parsed.error);
    const summary = Object.entries(fieldErrors)
      .map(([k, m]) => `${k}: ${m}`)
      .join('; ');
    throw new ValidationError(`Some parameters are not valid: ${summary}`, fieldErrors);
  }
  const values: Record<string, ParamValue> = {};
  const secrets: string[] = [];
  const generated: string[] = [];
  const generate = options.generateSecret ?? generateSecret;
  for (const def of template.params) {
    let value = parsed.data[def.name];
    if (def.type === 'secret') {
      if (value === undefined) {
        value = generateValid(def, generate);
        generated.push(def.name);
      }
      secrets.push(String(value));
    }
    values[def.name] = value ?? '';
  }
  return { values, secrets, generated };
}

function generateValid(def: SecretParamDefinition, generate: (spec: SecretSpec) => string): string {
  const value = generate({ name: def.name, length: def.generate.length, charset: def.generate.charset });
  if (!paramValueSchema(def).safeParse(value).success) {
    throw new ValidationError(`A generated value for ${def.name} does not pass its validation; enter one.`, {
      [def.name]: 'a generated value does not pass the validation; enter one',
    });
  }
  return value;
}

/** The names of a template's secret params. */
export function secretParamNames(template: { params: readonly ParamDefinition[] }): string[] {
  return template.params.filter((p) => p.type === 'secret').map((p) => p.name);
}
