import type { IncomingHttpHeaders } from 'node:http';

/**
 * Request header Kiln's HTTP server sets on a request for a page as an HTML document, and removes
 * from every other request (a client never sets it). Pages cannot tell themselves: Next.js hides
 * its RSC request headers from `headers()`.
 */
export const DOCUMENT_HEADER = 'x-kiln-document';

/**
 * A GET for a page as a document: not an RSC request (client navigation, refresh or prefetch),
 * not a server action. In doubt, not a document (pages then send what a navigation needs).
 */
export function isDocumentRequest(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): boolean {
  if (method !== 'GET') return false;
  if (headers.rsc !== undefined || headers['next-router-prefetch'] !== undefined || headers['next-router-state-tree'] !== undefined || headers['next-action'] !== undefined) return false;
  const target = url ?? '';
  return !target.split('?')[0]!.endsWith('.rsc') && !/[?&]_rsc=/.test(target);
}

/**
 * Where the Next.js side of the process leaves the function naming what a cacheable page's
 * document is made of (instrumentation.ts sets it; Kiln's server reads it, see server/view-cache.ts).
 * Null from it: render this request. `csp`: the policy to send with a given nonce.
 */
export const VIEW_KEY = Symbol.for('kiln.viewKey');
export interface CacheableView {
  key: string;
  csp: (nonce: string) => string;
}
export type ViewKeyFn = (url: string, headers: IncomingHttpHeaders) => Promise<CacheableView | null>;
