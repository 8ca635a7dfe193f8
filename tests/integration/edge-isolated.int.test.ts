import { spawn } from 'node:child_process';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, loadConfig } from '../../scripts/lib/config';
import { ROOT } from '../../scripts/lib/paths';
import type { WebApp } from '../../scripts/lib/stack';
import { closeDb, getDb } from '@kiln/db';
import { freePort, startTestWeb } from '../setup/stack';
import { TcpProxy } from '../helpers/tcp-proxy';
import { makeUser } from '../helpers/users';
import { WebClient } from '../helpers/web-client';

/**
 * A web app of its own (no worker): its Redis is reached through a relay the tests can cut, its
 * key prefix keeps the per-IP sign-in limit it trips away from the other tests, and its APP_URL is
 * https (HSTS). The Redis URL carries a password (Redis without one accepts it with a warning).
 */
const REDIS_PASSWORD = 'hunter2-redis-secret';
const proxy = new TcpProxy({ host: '127.0.0.1', port: Number(new URL(loadConfig().REDIS_URL).port || 6379) });
let web: WebApp;
let port: number;

beforeAll(async () => {
  await proxy.start();
  port = await freePort();
  web = await startTestWeb(
    {
      APP_URL: `https://localhost:${port}`,
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${proxy.port}`,
      REDIS_PREFIX: `${loadConfig().REDIS_PREFIX}edge:`,
    },
    { port },
  );
});

afterAll(async () => {
  await web?.stop();
  await proxy.cut();
  await closeDb();
});

const login = (headers: Record<string, string>, username: string, password: string) =>
  fetch(new URL('/api/auth/login', web.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://localhost:${port}`, ...headers },
    body: JSON.stringify({ username, password }),
  });

describe('client address without a trusted proxy', () => {
  it('records the socket address, not a forwarded one, in the audit log', async () => {
    const u = await makeUser();
    const res = await login({ 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.8', forwarded: 'for=203.0.113.9' }, u.username, 'not the right password');
    expect(res.status).toBe(401);
    const event = await getDb().auditEvent.findFirst({ where: { userId: u.id, action: 'auth.login' }, orderBy: { id: 'desc' } });
    expect(event?.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it('keeps the per-IP sign-in limit when X-Forwarded-For changes', async () => {
    let limited = false;
    for (let i = 0; i < 25 && !limited; i++) limited = (await login({}, `nobody-${i}-${Date.now()}`, 'not the right password')).status === 429;
    expect(limited).toBe(true);
    for (const spoofed of ['198.51.100.1', '198.51.100.2, 198.51.100.3']) {
      expect((await login({ 'x-forwarded-for': spoofed }, `nobody-${spoofed}`, 'not the right password')).status).toBe(429);
    }
  });
});

describe('transport', () => {
  it('sends HSTS when APP_URL is https', async () => {
    expect((await fetch(new URL('/login', web.url))).headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(!external)('listens on loopback only by default', async () => {
    const reach = (host: string) =>
      new Promise<string>((resolve) => {
        const s = net.connect({ host, port }, () => (s.destroy(), resolve('open')));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await reach('127.0.0.1')).toBe('open');
    expect(await reach(external!)).toBe('ECONNREFUSED');
  });
});

describe('a Redis outage', () => {
  it('answers 503 at once with a page naming Redis (not its password), and recovers', async () => {
    expect((await new WebClient(web.url).page('/login')).status).toBe(200);
    await proxy.cut();
    // The web app notices the dropped connection by itself; give its event loop a moment.
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(new URL('/login', web.url), { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(10_000) });
    const html = await res.text();
    expect(res.status).toBe(503);
    expect(html).toContain(`Kiln cannot reach Redis at redis://:***@127.0.0.1:${proxy.port}`);
    expect(html).not.toContain(REDIS_PASSWORD);
    // A server action (JSON answer) fails the same way instead of hanging.
    const action = await fetch(new URL('/login', web.url), { method: 'POST', headers: { 'next-action': 'x', accept: 'text/x-component' }, body: '[]', signal: AbortSignal.timeout(10_000) });
    expect(action.status).toBe(503);
    await proxy.start();
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await fetch(new URL('/login', web.url))).status;
    }
    expect(status).toBe(200);
  });
});

describe('start-up errors', () => {
  it('the worker names an unreachable Redis without its password, and stops', async () => {
    const closedPort = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'apps/worker/dist/main.js')], {
      env: { ...childEnv(loadConfig()), NODE_ENV: 'production', REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${closedPort}`, CONSOLE_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => (child.kill('SIGKILL'), resolve(null)), 30_000);
      child.on('exit', (c) => (clearTimeout(t), resolve(c)));
    });
    expect(code).toBe(1);
    expect(output).toContain(`Redis is not reachable at redis://:***@127.0.0.1:${closedPort}`);
    expect(output).not.toContain(REDIS_PASSWORD);
  });
});
