import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { findAction, WebClient } from '../helpers/web-client';
import { streamPost } from '../helpers/raw-http';
import { makeUser } from '../helpers/users';

/** Hardening of the web app's edge against the shared test stack: bodies, Origin, 404s, CSP. */
const webUrl = inject('webUrl');
const MiB = 1024 * 1024;
/**
 * What a streamed upload offers. Loopback sockets here autotune their receive buffer up to
 * 32 MiB (net.ipv4.tcp_rmem) plus a 4 MiB send buffer, so a client can hand the kernel ~36 MiB
 * the server never read; "answered before the upload ended" only means something well past that.
 */
const STREAMED = 128 * MiB;

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

async function signedIn(): Promise<WebClient> {
  const u = await makeUser();
  const web = new WebClient(webUrl);
  expect((await web.login(u.username, u.password)).status).toBe(200);
  return web;
}

function actionHeaders(name: string): { page: string; headers: Record<string, string> } {
  const { id, page } = findAction(name);
  return { page, headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: webUrl } };
}

describe('request body limits', () => {
  it('refuses an oversized sign-in body from its Content-Length, before reading it', async () => {
    const body = JSON.stringify({ username: 'someone', password: 'x'.repeat(MiB) });
    const res = await fetch(new URL('/api/auth/login', webUrl), { method: 'POST', headers: { 'content-type': 'application/json', origin: webUrl }, body });
    expect(res.status).toBe(413);
  });

  it('stops reading a chunked sign-in body at the limit', async () => {
    const res = await streamPost(webUrl, '/api/auth/login', { 'content-type': 'application/json', origin: webUrl }, STREAMED);
    expect(res.status).toBe(413);
    expect(res.sentBeforeAnswer).toBeLessThan(STREAMED);
  });

  it('answers 413, not 500, for a server action over 2 MiB (declared or streamed)', async () => {
    const web = await signedIn();
    const { page, headers } = actionHeaders('importTemplateAction');
    const declared = await web.fetch(page, { method: 'POST', headers, body: JSON.stringify([{ text: 'a'.repeat(3 * MiB) }]) });
    expect(declared.status).toBe(413);
    const streamed = await streamPost(webUrl, page, { ...headers, cookie: web.cookieHeader }, STREAMED);
    expect(streamed.status).toBe(413);
    expect(streamed.sentBeforeAnswer).toBeLessThan(STREAMED);
  });

  it('still takes a server action body between 1 and 2 MiB (a large template import)', async () => {
    const web = await signedIn();
    const { page, headers } = actionHeaders('importTemplateAction');
    const res = await web.fetch(page, { method: 'POST', headers, body: JSON.stringify([{ text: `# ${'a'.repeat(1.5 * MiB)}` }]) });
    expect(res.status).toBe(200);
  });
});

describe('the sign-in Origin check', () => {
  for (const origin of ['null', 'not a url', 'http://', 'https://evil.example']) {
    it(`refuses Origin: ${origin} with 403`, async () => {
      const res = await fetch(new URL('/api/auth/login', webUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: 'someone', password: 'a long enough password' }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe('Cross-site sign-in refused.');
    });
  }
});

describe('pages that do not exist', () => {
  it('answer 404 signed in: a missing container, template or operation, an unknown path', async () => {
    const web = await signedIn();
    for (const path of [`/containers/${randomUUID()}/4242`, `/templates/${randomUUID()}`, `/operations/${randomUUID()}`, '/no-such-page']) {
      const page = await web.page(path);
      expect(page.status, path).toBe(404);
      expect(page.html).toMatch(/not found|could not be found/i);
    }
  });

  it('answer 404 signed out for an unknown path', async () => {
    expect((await new WebClient(webUrl).page('/no-such-page')).status).toBe(404);
  });
});

describe('Content-Security-Policy', () => {
  it('gives every page a fresh nonce that all its scripts carry, without eval or framing', async () => {
    const a = await fetch(new URL('/login', webUrl));
    const b = await fetch(new URL('/login', webUrl));
    const csp = a.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(b.headers.get('content-security-policy')).not.toContain(nonce);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/script-src [^;]*'strict-dynamic'/);
    // The console's websocket: the page's host on the gateway's port.
    expect(csp).toMatch(new RegExp(`connect-src 'self'[^;]* ws://localhost:\\d+`));
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('sends no HSTS over plain http', async () => {
    expect((await fetch(new URL('/login', webUrl))).headers.get('strict-transport-security')).toBeNull();
  });
});
