import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import { alertSummaryFor } from '@/features/alerts/queries';
import type { shellInputs } from '@/components/shell/inputs';
import type { CacheableView } from '@/server/document-request';
import { pageCspFor } from '@/server/page-csp';
import { userNodes } from '@/features/nodes/queries';
import { auth } from '@/server/services';
import { sessionCookieOptions, sessionIdOf } from '@/server/session';
import { inventoryWithUpdates } from './queries';

/** The query parameters the containers page reads (tableState); any other makes a view uncacheable. */
const QUERY_KEYS = new Set(['q', 'sort', 'dir', 'page', 'per']);

/** A number per rows array: the inventory hands out the same array until a poll, a node or a Kiln row changes it. */
const versions = new WeakMap<object, number>();
let lastVersion = 0;

function versionOf(o: object): number {
  let v = versions.get(o);
  if (v === undefined) versions.set(o, (v = ++lastVersion));
  return v;
}

/** The value of cookie `name` in a Cookie header. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/**
 * Everything a document request for the containers page renders from, as one string: the
 * signed-in user, the app layout's inputs (shellInputs), the rows (by version), their update
 * counts, the open alert states, the exact URL and host. Two requests with the same key get the
 * same HTML except for the CSP nonce, so Kiln's server may answer the second with the first's
 * render (server/view-cache.ts) and this request's CSP (the one proxy.ts would send). Reading
 * these also does what a view must do: it checks and slides the session and marks the user's
 * clusters as watched.
 *
 * Null when the view must be rendered: no valid session (the page redirects), a required 2FA
 * enrolment, a cluster without a fresh snapshot (its notice shows a relative age), or a query
 * parameter the page does not read. Whatever the layout or the page starts reading must be
 * added here (tests/integration/containers-view-cache.int.test.ts changes each input and expects
 * the page to follow).
 */
export async function containersView(url: string, headers: IncomingHttpHeaders): Promise<CacheableView | null> {
  const parsed = new URL(url, 'http://kiln.invalid');
  if (parsed.pathname !== '/containers') return null;
  for (const k of parsed.searchParams.keys()) if (!QUERY_KEYS.has(k)) return null;
  const sid = await sessionIdOf(cookieValue(headers.cookie, sessionCookieOptions().cookieName));
  const session = sid ? await auth().authenticate(sid) : null;
  if (!session || session.mustEnrol) return null;
  const { user } = session;
  const nodes = await userNodes(user.id);
  // No wait for a first poll here: without a snapshot the view is rendered (and waits there).
  const [inv, alerts] = await Promise.all([inventoryWithUpdates(user.id, { nodes, waitMs: 0 }), alertSummaryFor(user.id)]);
  if (inv.clusters.some((c) => !c.snapshot || c.snapshot.error)) return null;
  // The layout's inputs, read above with the page's (same shape: a new one fails to compile here).
  const shell: Awaited<ReturnType<typeof shellInputs>> = { nodes: nodes.length, firing: alerts.firing };
  // The Host header shapes the CSP (the console's sources), so it is part of the key too.
  const host = headers.host ?? '';
  return { key: JSON.stringify([url, host, user, shell, versionOf(inv.rows), [...alerts.states].sort()]), csp: await pageCspFor(host) };
}
