/**
 * The `{{ variable | filter }}` language used in template text. One parser serves the schema
 * (which checks references statically, with exact paths) and the renderer, so they never disagree.
 *
 * - `{{ params.site_title }}`, `{{ container.ip }}`: a variable, by dotted path.
 * - `{{ params.title | html }}`: filters escape a value for where it lands (see FILTERS).
 * - `\{{` is a literal `{{` (for Go templates, `docker ps --format`, ...).
 */

export const FILTER_NAMES = ['shell', 'sql', 'html', 'json', 'url'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export interface Expression {
  /** Offsets of `{{` and just after `}}` in the source text. */
  start: number;
  end: number;
  /** Dotted variable path, e.g. `params.site_title`. */
  variable: string;
  filters: FilterName[];
}

export type Segment = { kind: 'text'; text: string } | { kind: 'expr'; expr: Expression };

export interface ParsedText {
  segments: Segment[];
  /** Syntax errors, human readable; empty when the text is well formed. */
  errors: string[];
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const isFilter = (name: string): name is FilterName => (FILTER_NAMES as readonly string[]).includes(name);

/** Longest snippet of an expression quoted in an error message. */
const SNIPPET = 40;
const snippet = (s: string) => (s.length > SNIPPET ? `${s.slice(0, SNIPPET)}…` : s);

export function parseText(text: string): ParsedText {
  const segments: Segment[] = [];
  const errors: string[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\{{', i)) {
      literal += '{{';
      i += 3;
      continue;
    }
    if (!text.startsWith('{{', i)) {
      literal += text[i];
      i += 1;
      continue;
    }
    const close = text.indexOf('}}', i + 2);
    if (close < 0) {
      errors.push(`"{{" is never closed with "}}" (write \\{{ for a literal {{)`);
      literal += text.slice(i);
      break;
    }
    const inner = text.slice(i + 2, close);
    const [head = '', ...rest] = inner.split('|').map((p) => p.trim());
    const filters = rest.filter(isFilter);
    if (!VARIABLE.test(head)) {
      errors.push(`"{{${snippet(inner)}}}" is not a variable like {{ params.name }} (write \\{{ for a literal {{)`);
    } else if (filters.length !== rest.length) {
      const bad = rest
        .filter((f) => !isFilter(f))
        .map((f) => `"${snippet(f)}"`)
        .join(', ');
      errors.push(`unknown filter ${bad} in {{${snippet(inner)}}}; filters are ${FILTER_NAMES.join(', ')}`);
    } else {
      if (literal) segments.push({ kind: 'text', text: literal });
      literal = '';
      segments.push({ kind: 'expr', expr: { start: i, end: close + 2, variable: head, filters } });
    }
    i = close + 2;
  }
  if (literal) segments.push({ kind: 'text', text: literal });
  return { segments, errors };
}

/** Every variable a text refers to (in order, with repeats removed). */
export function referencedVariables(text: string): string[] {
  const seen = new Set<string>();
  for (const s of parseText(text).segments) if (s.kind === 'expr') seen.add(s.expr.variable);
  return [...seen];
}

/** True when the text has no `{{ }}` at all (so it can be validated as a literal right away). */
export function isLiteral(text: string): boolean {
  return !text.includes('{{');
}
