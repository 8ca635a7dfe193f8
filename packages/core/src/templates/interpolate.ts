/** Fill `{{ }}` expressions from a render context (pure). */
import { InterpolationError } from './errors';
import { parseText, type FilterName } from './expressions';

export type ParamValue = string | number | boolean;

/** What a template can refer to while it is rendered for one container. */
export interface RenderContext {
  params: Readonly<Record<string, ParamValue>>;
  container: { hostname: string; ip: string; vmid: number };
}

/** A single-quoted POSIX shell word: safe anywhere a word goes, whatever the value holds. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const FILTERS: Record<FilterName, (value: ParamValue) => string> = {
  /** `'it'\''s'`: one shell word. */
  shell: (v) => shellQuote(String(v)),
  /** `'it''s'`: an SQL string literal (standard_conforming_strings, PostgreSQL's default). */
  sql: (v) => `'${String(v).replace(/'/g, "''")}'`,
  /** Text for HTML element content or a quoted attribute. */
  html: (v) => String(v).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c),
  /** A JSON value: numbers and booleans stay bare, strings get quotes and escapes. */
  json: (v) => JSON.stringify(v),
  /** One URL component (`encodeURIComponent`). */
  url: (v) => encodeURIComponent(String(v)),
};

function lookup(ctx: unknown, path: string): ParamValue | undefined {
  let node: unknown = ctx;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? node : undefined;
}

/**
 * Replace every `{{ variable | filter }}` in `text`. Throws InterpolationError naming every
 * variable the context lacks (and on syntax errors), so a half-rendered command never runs.
 */
export function interpolate(text: string, ctx: RenderContext): string {
  const { segments, errors } = parseText(text);
  if (errors.length) throw new InterpolationError([], errors.join('; '));
  const missing = new Set<string>();
  let out = '';
  for (const s of segments) {
    if (s.kind === 'text') {
      out += s.text;
      continue;
    }
    const value = lookup(ctx, s.expr.variable);
    if (value === undefined) {
      missing.add(s.expr.variable);
      continue;
    }
    out += s.expr.filters.length === 0 ? String(value) : s.expr.filters.reduce<ParamValue>((v, f) => FILTERS[f](v), value);
  }
  if (missing.size) throw new InterpolationError([...missing]);
  return out;
}
