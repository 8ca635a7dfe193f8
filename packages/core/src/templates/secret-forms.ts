/**
 * The forms a secret takes in command output: the escaped forms of the template filters
 * (`| shell`, `| sql`, ...), backslash escaping (`printf %q`), and encodings: base64 (standard and
 * URL-safe), hex and URL encoding. A step may encode a longer stream that contains the secret
 * (`echo "user:$PW" | base64`), where base64 is not aligned to the secret; so for each of the
 * three offsets a secret can start at within a 3-byte group, the characters that depend only on
 * the secret's own bytes are a form too. Browser-safe.
 */
import { FILTERS } from './interpolate';

/**
 * Where a form is looked for: in the text as is, in the text without line breaks (`base64` and
 * `xxd -p` wrap their output), or in the text without backslashes (`printf %q`).
 */
export type FormView = 'plain' | 'unwrapped' | 'unescaped';

export interface SecretForm {
  text: string;
  view: FormView;
}

/** Encoded fragments shorter than this would redact unrelated text (and carry few bits). */
const MIN_FRAGMENT = 6;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const urlSafe = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The base64 characters fixed by the secret alone when it starts `offset` bytes into a 3-byte
 * group: character i covers bits [6i, 6i + 6) of the stream, so it is fixed when those bits
 * all lie within the secret's bits [8 * offset, 8 * (offset + n)).
 */
function base64Core(bytes: Uint8Array, offset: number): string {
  const padded = new Uint8Array(offset + bytes.length + 2);
  padded.set(bytes, offset);
  const start = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return base64(padded).slice(start, end);
}

/** Every form of one secret worth looking for. */
export function secretForms(secret: string): SecretForm[] {
  const escaped = [secret, FILTERS.shell(secret).slice(1, -1), FILTERS.sql(secret).slice(1, -1), FILTERS.html(secret), FILTERS.json(secret).slice(1, -1)];
  const bytes = new TextEncoder().encode(secret);
  const whole = base64(bytes);
  const b64 = [whole, whole.replace(/=+$/, ''), ...[0, 1, 2].map((o) => base64Core(bytes, o))];
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  const url = encodeURIComponent(secret);
  const urls = [url, url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), url.replace(/%20/g, '+'), encodeURI(secret)];
  const encoded = [...b64, ...b64.map(urlSafe), hex, hex.toUpperCase()];
  const forms: SecretForm[] = [
    ...[...escaped, ...urls].map((text): SecretForm => ({ text, view: 'plain' })),
    { text: secret.replace(/\\/g, ''), view: 'unescaped' },
    ...encoded.map((text): SecretForm => ({ text, view: 'unwrapped' })),
  ];
  const min = Math.min(MIN_FRAGMENT, secret.length);
  return forms.filter((f) => f.text.length >= min);
}
