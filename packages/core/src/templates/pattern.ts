/**
 * Template-supplied regular expressions (a string param's `validation.pattern`). They come from
 * whoever wrote the template and run on the web server, in the worker and in the browser, so a
 * backtracking engine would let `(a+)+b` freeze a process for minutes on a 32-character value.
 * They run on re2js instead: a pure-JS port of RE2, linear in the input whatever the pattern.
 * The price is RE2 syntax: no backreferences and no lookaround. Browser-safe.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** The longest value any text param accepts, whatever its own `max` says (characters). */
export const PARAM_VALUE_MAX = 4096;

const UNSUPPORTED: [RegExp, string][] = [
  [/^\\[1-9]/, 'backreferences (\\1) are not supported'],
  [/^\\k/, 'named backreferences (\\k<name>) are not supported'],
  [/^\(\?[=!]/, 'lookahead ((?= and (?!) is not supported'],
  [/^\(\?<[=!]/, 'lookbehind ((?<= and (?<!) is not supported'],
  [/^\\u/, '\\u escapes are not supported: write \\x{00e9} for a code point'],
];

/**
 * Linear time is time × the program's size: `\p{L}{1000}` three times over costs a second on
 * 4096 characters. The built-ins need at most ~130 instructions.
 */
const PROGRAM_MAX = 1000;

const cache = new Map<string, RE2JS | string>();
const CACHE_MAX = 256;

/** The compiled pattern, or the reason it cannot be used (cached: patterns repeat on every submit). */
function compiled(pattern: string): RE2JS | string {
  let hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  try {
    const re = RE2JS.compile(pattern);
    const size = re.programSize();
    hit = size > PROGRAM_MAX ? `is too complex (${size} instructions, at most ${PROGRAM_MAX}): bound lengths with validation.max instead of large {n} repeats` : re;
  } catch (e) {
    if (!(e instanceof RE2JSException)) throw e;
    hit = explain(e);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, hit);
  return hit;
}

/** RE2's own wording names the offending fragment; say what is wrong in template terms. */
function explain(e: RE2JSException): string {
  const suffix = ' (patterns use RE2 syntax, which runs in linear time)';
  if (!(e instanceof RE2JSSyntaxException)) return `is too large or complex${suffix}`;
  const fragment = e.getPattern() ?? '';
  const known = UNSUPPORTED.find(([re]) => re.test(fragment));
  if (known) return `${known[1]}${suffix}`;
  return `is not a valid regular expression: ${e.getDescription()}${fragment ? ` at \`${fragment.slice(0, 40)}\`` : ''}${suffix}`;
}

/** Why `pattern` cannot be used, or undefined when it compiles. */
export function patternProblem(pattern: string): string | undefined {
  const c = compiled(pattern);
  return typeof c === 'string' ? c : undefined;
}

/** Whether `value` matches the whole pattern. A pattern that does not compile matches nothing. */
export function matchesWhole(pattern: string, value: string): boolean {
  const c = compiled(pattern);
  return typeof c !== 'string' && c.testExact(value);
}

/**
 * The first match of `pattern` in `text` (`^`/`$` at line ends): its first group when it has one,
 * else the whole match; undefined without a match or when the pattern does not compile.
 */
export function firstMatch(pattern: string, text: string): string | undefined {
  const c = compiled(`(?m)${pattern}`);
  if (typeof c === 'string') return undefined;
  const m = c.matcher(text);
  if (!m.find()) return undefined;
  return (c.groupCount() >= 1 ? m.group(1) : m.group(0)) ?? undefined;
}
