/**
 * Validate a template object and turn zod's issues into `path: message` pairs a user can act on
 * (`steps[2].run: required`). Messages name fields and rules, never the values.
 */
import type { z } from 'zod';
import { formatPath, TemplateValidationError, type TemplateIssue } from './errors';
import { templateSchema, type Template } from './schema/template';

export type ValidationResult = { ok: true; template: Template } | { ok: false; errors: TemplateIssue[] };

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object (key: value pairs)',
};

const plural = (n: number | bigint, word: string) => `${String(n)} ${word}${Number(n) === 1 ? '' : 's'}`;

/** Messages for issues the schema did not word itself. */
function message(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'required';
      if (iss.expected === 'never') return 'is not allowed here';
      return `must be ${TYPE_NAMES[iss.expected] ?? iss.expected}`;
    case 'too_small': {
      if (iss.origin === 'string') return Number(iss.minimum) === 1 ? 'must not be empty' : `must be at least ${plural(iss.minimum, 'character')}`;
      if (iss.origin === 'array') return `must have at least ${plural(iss.minimum, 'item')}`;
      return `must be at least ${String(iss.minimum)}`;
    }
    case 'too_big': {
      if (iss.origin === 'string') return `must be at most ${plural(iss.maximum, 'character')}`;
      if (iss.origin === 'array') return `must have at most ${plural(iss.maximum, 'item')}`;
      return `must be at most ${String(iss.maximum)}`;
    }
    case 'invalid_value':
      return iss.values.length === 1 ? `must be ${String(iss.values[0])}` : `must be one of ${iss.values.map(String).join(', ')}`;
    case 'invalid_format':
      return 'has an invalid format';
    case 'invalid_union': {
      if (!('discriminator' in iss) || !iss.discriminator) return undefined;
      const options = (iss as { options?: unknown[] }).options?.map(String).join(', ') ?? '';
      const given = typeof iss.input === 'object' && iss.input !== null ? (iss.input as Record<string, unknown>)[iss.discriminator] : undefined;
      return given === undefined ? `required: one of ${options}` : `must be one of ${options}`;
    }
    default:
      return undefined;
  }
}

/** An issue with its path still as segments (parse.ts maps them to a line and column). */
export interface LocatedIssue {
  segments: PropertyKey[];
  message: string;
}

/**
 * A union whose input had the right shape for exactly one option reports that option's own
 * issues (`ipv4.cidr: must be ...`) instead of "invalid input" at the union.
 */
function flatten(issue: Issue, base: PropertyKey[]): LocatedIssue[] {
  const segments = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ segments: [...segments, key], message: 'unknown field' }));
  }
  if (issue.code === 'invalid_union' && !('note' in issue && issue.note)) {
    const shaped = issue.errors.filter((list) => !list.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
    const only = shaped.length === 1 ? shaped[0] : undefined;
    if (only) return only.flatMap((i) => flatten(i, segments));
  }
  return [{ segments, message: issue.message }];
}

function located(error: z.ZodError): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    for (const flat of flatten(issue, [])) {
      const key = `${formatPath(flat.segments)}\u0000${flat.message}`;
      if (!seen.has(key)) out.push(flat);
      seen.add(key);
    }
  }
  return out;
}

export function issuesFromZod(error: z.ZodError): TemplateIssue[] {
  return located(error).map((i) => ({ path: formatPath(i.segments), message: i.message }));
}

/** Validation with raw issue paths, for callers that can locate them in source text. */
export function validateTemplateLocated(data: unknown): { ok: true; template: Template } | { ok: false; issues: LocatedIssue[] } {
  const r = templateSchema.safeParse(data, { error: message });
  return r.success ? { ok: true, template: r.data } : { ok: false, issues: located(r.error) };
}

export function validateTemplate(data: unknown): ValidationResult {
  const r = validateTemplateLocated(data);
  return r.ok ? r : { ok: false, errors: r.issues.map((i) => ({ path: formatPath(i.segments), message: i.message })) };
}

/** Like validateTemplate, but throws TemplateValidationError (for code paths that expect a valid template). */
export function assertTemplate(data: unknown): Template {
  const r = validateTemplate(data);
  if (!r.ok) throw new TemplateValidationError(r.errors);
  return r.template;
}
