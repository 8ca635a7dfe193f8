import { describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { clusterKeyOf } from '@kiln/services';
import { createCt, signedIn, withOwnedSim, lxcOn } from './containers-fixture';
import { simNodeForm } from '../helpers/sim';
import { WebClient } from '../helpers/web-client';

// Kiln's server answers a repeated containers page document from the render of the first while
// everything it is made of is unchanged (apps/web/server/view-cache.ts keyed by
// features/containers/view-key.ts). Each input of the page or its layout changed here must show
// at once; a cached page never outlives its session nor reaches another user.
const webUrl = inject('webUrl');
const fx = withOwnedSim(webUrl);
const CACHED = 'x-kiln-view-cache';

async function view(web: WebClient, path = '/containers'): Promise<{ status: number; cached: boolean; html: string; nonce: string | undefined; location: string | null }> {
  const res = await web.fetch(path);
  const html = await res.text();
  return {
    status: res.status,
    cached: res.headers.get(CACHED) === 'hit',
    html,
    nonce: /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1],
    location: res.headers.get('location'),
  };
}

/** Views until one is served from the cache (the first view of a new state renders it). */
async function cachedView(web: WebClient, path = '/containers') {
  for (let i = 0; i < 20; i++) {
    const v = await view(web, path);
    if (v.cached) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} was never answered from the cache`);
}

/** Views until `seen` holds (the worker's poll may take a few seconds), asserting each view is complete. */
async function viewUntil(web: WebClient, seen: (html: string) => boolean, path = '/containers') {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await view(web, path);
    expect(v.status).toBe(200);
    if (seen(v.html)) return v;
    if (Date.now() > deadline) throw new Error('the page never showed the change');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('cached containers page views', () => {
  it('answers a repeated view from the first render with a fresh nonce that the markup and CSP share', async () => {
    const { a } = fx;
    await viewUntil(a.web, (h) => h.includes('data-vmid='));
    const first = await cachedView(a.web);
    const second = await cachedView(a.web);
    expect(second.nonce).toBeDefined();
    expect(second.nonce).not.toBe(first.nonce);
    const nonces = [...second.html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toEqual(new Set([second.nonce]));
    expect(second.html).not.toContain(first.nonce!);
  });

  it('shows another user their own page for the same address, never the cached one of the first', async () => {
    const { a, sim } = fx;
    await cachedView(a.web);
    const other = await signedIn(webUrl);
    const empty = await view(other.web);
    expect(empty.cached).toBe(false);
    expect(empty.html).toContain('No nodes connected');
    expect(empty.html).not.toContain(`n-${a.user.username}`);
    // With the same simulator registered as their own node, the rows are theirs (their node's links).
    const saved = await other.web.action<{ saved: boolean; nodeId: string }>('saveNodeAction', simNodeForm(sim, { name: `n-${other.user.username}`, trustFingerprint: sim.tlsFingerprint }));
    expect(saved.data?.saved).toBe(true);
    const theirs = await viewUntil(other.web, (h) => h.includes('data-vmid='));
    expect(theirs.html).toContain(`/containers/${saved.data!.nodeId}/`);
    expect(theirs.html).not.toContain(`/containers/${fx.a.nodeId}/`);
  });

  it('follows the user: a new display name shows on the next view', async () => {
    const { a } = fx;
    await cachedView(a.web);
    const name = `Renamed ${Date.now()}`;
    await getDb().user.update({ where: { id: a.user.id }, data: { displayName: name } });
    const v = await view(a.web);
    expect(v.cached).toBe(false);
    expect(v.html).toContain(name);
  });

  it('follows alerts: a new firing alert shows its badge and its row chip at once', async () => {
    const { a, pve } = fx;
    const ct = (await lxcOn(pve, 'pve1'))[0]!;
    const before = await cachedView(a.web, `/containers?q=${ct.name}`);
    expect(before.html).not.toContain('data-alert="firing"');
    const node = await getDb().node.findUniqueOrThrow({ where: { id: a.nodeId } });
    const clusterKey = clusterKeyOf(node);
    await getDb().alert.create({
      data: { userId: a.user.id, kind: 'container_stopped', conditionKey: `${clusterKey}|ct|${ct.vmid}|x`, openKey: `${clusterKey}|ct|${ct.vmid}|x`, clusterKey, title: 'cache test', vmid: ct.vmid },
    });
    const after = await view(a.web, `/containers?q=${ct.name}`);
    expect(after.cached).toBe(false);
    expect(after.html).toContain('data-alert="firing"');
    expect(after.html).toContain('data-testid="alert-badge"');
  });

  it('follows Kiln rows and the poller: a container Kiln is creating, then one the next poll found, show up', async () => {
    const { a, pve } = fx;
    await cachedView(a.web);
    await getDb().container.create({
      data: {
        userId: a.user.id,
        nodeId: a.nodeId,
        vmid: 4321,
        hostname: 'cache-test-creating',
        pveNode: 'pve1',
        lifecycle: 'creating',
        templateSlug: 'postgresql',
        templateVersion: '1.2.0',
        spec: {},
      },
    });
    const creating = await view(a.web, '/containers?q=cache-test');
    expect(creating.html).toContain('cache-test-creating');
    await cachedView(a.web, '/containers?q=cache-test');
    await createCt(pve, 'cache-test-polled');
    await viewUntil(a.web, (h) => h.includes('cache-test-polled'), '/containers?q=cache-test');
  });

  it('ends with the session: after sign-out the same cookie gets the sign-in redirect, not the page', async () => {
    const { user } = fx.a;
    const web = new WebClient(webUrl);
    expect((await web.login(user.username, user.password)).status).toBe(200);
    await cachedView(web);
    const cookies = web.cloneCookies();
    await web.action('logoutAction');
    const after = new WebClient(webUrl);
    after.setCookies(cookies);
    const v = await view(after);
    expect(v.cached).toBe(false);
    expect(v.status).toBe(307);
    expect(v.location).toContain('/login');
  });
});
