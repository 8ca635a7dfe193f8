/**
 * Remove secret values from text before it is logged, stored or shown (command output, error
 * tails). Also catches the escaped forms the template filters produce (`| shell`, `| sql`, ...).
 */
import { FILTERS } from './interpolate';

export const REDACTED = '***';

/** The secret plus the forms it takes after escaping (quotes and delimiters stripped). */
function variants(secret: string): string[] {
  const forms = [
    secret,
    FILTERS.shell(secret).slice(1, -1),
    FILTERS.sql(secret).slice(1, -1),
    FILTERS.html(secret),
    FILTERS.json(secret).slice(1, -1),
    FILTERS.url(secret),
  ];
  return [...new Set(forms)].filter((f) => f.length > 0);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(secrets: readonly string[]): { re: RegExp; longest: number } | undefined {
  const all = [...new Set(secrets.filter((s) => s.length > 0).flatMap(variants))].sort((a, b) => b.length - a.length);
  if (all.length === 0) return undefined;
  return { re: new RegExp(all.map(escapeRegExp).join('|'), 'g'), longest: all[0]?.length ?? 0 };
}

/** Replace every occurrence of every secret (longest first) with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const m = matcher(secrets);
  return m ? text.replace(m.re, REDACTED) : text;
}

export interface StreamRedactor {
  /** Redacted text that is safe to emit now; a short tail is held back in case a secret continues. */
  push(chunk: string): string;
  /** The held-back rest, redacted. */
  flush(): string;
}

/**
 * For streamed output: redacting chunk by chunk would miss a secret split across two chunks, so
 * the last (longest secret - 1) characters wait for the next chunk. Decode bytes first (e.g. with
 * a StringDecoder) so multi-byte characters are not split either.
 */
export function createStreamRedactor(secrets: readonly string[]): StreamRedactor {
  const m = matcher(secrets);
  let pending = '';
  return {
    push(chunk) {
      if (!m) return chunk;
      const text = pending + chunk;
      let cut = Math.max(0, text.length - (m.longest - 1));
      let out = '';
      let last = 0;
      for (const hit of text.matchAll(m.re)) {
        if (hit.index >= cut) break;
        out += text.slice(last, hit.index) + REDACTED;
        last = hit.index + hit[0].length;
      }
      cut = Math.max(cut, last);
      out += text.slice(last, cut);
      pending = text.slice(cut);
      return out;
    },
    flush() {
      const rest = m ? pending.replace(m.re, REDACTED) : pending;
      pending = '';
      return rest;
    },
  };
}
