/**
 * A same-origin path to return to after sign-in, or undefined. Absolute URLs, protocol-relative
 * `//host`, backslashes and control characters (browsers drop tabs, turning `/\t/x` into `//x`)
 * are refused, so `next=` can never become an open redirect.
 */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  if (value === '/login' || value.startsWith('/login?') || value.startsWith('/api/')) return undefined;
  return value;
}

/** The sign-in page that returns to `next` afterwards (when it is a safe path). */
export function loginHref(next?: string): string {
  const safe = safeNextPath(next);
  return safe && safe !== '/' ? `/login?next=${encodeURIComponent(safe)}` : '/login';
}
