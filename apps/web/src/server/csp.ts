/**
 * The Content-Security-Policy of every page. Scripts run only with this request's nonce (Next.js
 * puts it on its own scripts when it finds it in the request's CSP header; 'strict-dynamic' lets
 * them load their chunks). Styles allow inline: React style attributes (charts, the terminal)
 * cannot carry a nonce. 'unsafe-eval' only for `next dev` (React's debugging needs it).
 */
export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; consoleSources: string[] }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${opts.consoleSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Where the console's websocket may connect: CONSOLE_PUBLIC_URL when a proxy fronts it, otherwise
 * the page's host on each port the gateway may listen on (configured, or the fallback it
 * advertised when that port was taken).
 */
export function consoleSources(opts: { publicUrl?: string; pageHost: string; ports: number[] }): string[] {
  if (opts.publicUrl) return [opts.publicUrl];
  const host = opts.pageHost.startsWith('[') ? opts.pageHost.slice(0, opts.pageHost.indexOf(']') + 1) : opts.pageHost.split(':')[0];
  if (!host) return [];
  return [...new Set(opts.ports.filter((p) => p > 0))].flatMap((p) => [`ws://${host}:${p}`, `wss://${host}:${p}`]);
}
