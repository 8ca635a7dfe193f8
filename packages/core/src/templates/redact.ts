/**
 * Remove secret values from text before it is logged, stored or shown (command output, error
 * tails, events), in every form `secretForms` lists: escaped, backslash-quoted, base64, hex, URL.
 *
 * Plain substring search, not one big regex: a regex with the forms of a 4 KiB secret takes
 * V8 seconds to compile, and the worker would pay that on the first line of output.
 */
import { secretForms, type FormView, type SecretForm } from './secret-forms';

export const REDACTED = '***';

/** What each view leaves out of the text before the forms are looked for. */
const DROPPED: Record<Exclude<FormView, 'plain'>, (c: string) => boolean> = { unwrapped: (c) => c === '\n' || c === '\r', unescaped: (c) => c === '\\' };
/** How much longer than a form its match in the text can be (the dropped characters). */
const SPREAD: Record<FormView, number> = { plain: 1, unwrapped: 3, unescaped: 2 };

/** The text without the dropped characters, and where each of its characters came from. */
function project(text: string, dropped: (c: string) => boolean): { text: string; from: Uint32Array } | undefined {
  const from = new Uint32Array(text.length);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (dropped(c)) continue;
    from[out.length] = i;
    out += c;
  }
  // Nothing dropped: the forms are looked for in the text itself.
  return out.length === text.length ? undefined : { text: out, from };
}

interface Matcher {
  byView: [FormView, string[]][];
  /** The longest stretch of text one match can span. */
  longest: number;
}

function matcher(secrets: readonly string[]): Matcher | undefined {
  const byView = new Map<FormView, Set<string>>();
  let longest = 0;
  const forms: SecretForm[] = [...new Set(secrets)].filter((s) => s.length > 0).flatMap(secretForms);
  for (const f of forms) {
    byView.set(f.view, (byView.get(f.view) ?? new Set()).add(f.text));
    longest = Math.max(longest, f.text.length * SPREAD[f.view]);
  }
  return forms.length ? { byView: [...byView].map(([v, set]) => [v, [...set]]), longest } : undefined;
}

/** [start, end) of every match, merged where they overlap, in order. */
function matches(text: string, m: Matcher): [number, number][] {
  const found: [number, number][] = [];
  for (const [view, texts] of m.byView) {
    const p = view === 'plain' ? undefined : project(text, DROPPED[view]);
    const hay = p?.text ?? text;
    for (const form of texts) {
      for (let i = hay.indexOf(form); i !== -1; i = hay.indexOf(form, i + 1)) {
        const end = i + form.length;
        found.push(p ? [p.from[i]!, p.from[end - 1]! + 1] : [i, end]);
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The text up to `until` with every match replaced; matches starting later are left out. */
function replaceUpTo(text: string, ranges: [number, number][], until: number): { out: string; end: number } {
  let out = '';
  let last = 0;
  for (const [start, end] of ranges) {
    if (start >= until) break;
    out += text.slice(last, start) + REDACTED;
    last = end;
  }
  const end = Math.max(until, last);
  return { out: out + text.slice(last, end), end };
}

export interface StreamRedactor {
  /** Redacted text that is safe to emit now; a short tail is held back in case a secret continues. */
  push(chunk: string): string;
  /** The held-back rest, redacted. */
  flush(): string;
}

export interface SecretRedactor {
  /** Replace every occurrence of every secret, in any of its forms, with `***`. */
  redact(text: string): string;
  /** A new redactor for one stream of output. */
  stream(): StreamRedactor;
}

/** One redactor per set of secrets: the forms are worked out once, not per line of output. */
export function secretRedactor(secrets: readonly string[]): SecretRedactor {
  const m = matcher(secrets);
  const redact = (text: string) => (m ? replaceUpTo(text, matches(text, m), text.length).out : text);
  return { redact, stream: () => streamRedactor(m, redact) };
}

/** Replace every occurrence of every secret with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secretRedactor(secrets).redact(text);
}

/**
 * For streamed output: redacting chunk by chunk would miss a secret split across two chunks, so
 * the last (longest match - 1) characters wait for the next chunk. Decode bytes first (e.g. with
 * a StringDecoder) so multi-byte characters are not split either.
 */
export function createStreamRedactor(secrets: readonly string[]): StreamRedactor {
  return secretRedactor(secrets).stream();
}

function streamRedactor(m: Matcher | undefined, redact: (text: string) => string): StreamRedactor {
  let pending = '';
  return {
    push(chunk) {
      if (!m) return chunk;
      const text = pending + chunk;
      // A match that starts before the cut is whole already; a later one may still grow.
      const { out, end } = replaceUpTo(text, matches(text, m), Math.max(0, text.length - (m.longest - 1)));
      pending = text.slice(end);
      return out;
    },
    flush() {
      const rest = redact(pending);
      pending = '';
      return rest;
    },
  };
}
