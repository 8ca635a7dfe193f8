import { Agent, request } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from './helpers/sim';

let t: TestSim;

beforeAll(async () => {
  t = await startTestSim({ nodes: ['pve1', 'pve2'], seedContainersPerNode: 10 });
});
afterAll(async () => {
  await t?.close();
});

interface Raw {
  status: number;
  reason: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request (on its own connection unless an agent is given), with exactly the given headers and body. */
function raw(method: string, path: string, opts: { headers?: Record<string, string>; body?: string; auth?: boolean; agent?: Agent } = {}): Promise<Raw> {
  const url = new URL(t.sim.apiUrl.replace(/\/api2\/json$/, '') + path);
  const headers: Record<string, string> = { ...(opts.auth === false ? {} : { Authorization: t.sim.tokens[0]?.header ?? '' }), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: opts.agent ?? false, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('transport details of pve-http-server', () => {
  it('gzips bodies over 1 KiB only for clients that accept gzip', async () => {
    const gz = await raw('GET', '/api2/json/cluster/resources', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect((JSON.parse(gunzipSync(gz.body).toString('utf8')) as { data: unknown[] }).data.length).toBeGreaterThan(20);
    const plain = await raw('GET', '/api2/json/cluster/resources');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(plain.body.toString('utf8')) as { data: unknown[] }).data.length).toBeGreaterThan(20);
    const small = await raw('GET', '/api2/json/version', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('closes the connection after every error, keeps it open after success', async () => {
    const agent = new Agent({ keepAlive: true, rejectUnauthorized: false });
    try {
      expect((await raw('GET', '/api2/json/version', { agent })).headers['connection']).toBe('keep-alive');
      const err = await raw('GET', '/api2/json/nodes/pve1/lxc/999999/config', { agent });
      expect([err.status, err.headers['connection']]).toEqual([500, 'close']);
    } finally {
      agent.destroy();
    }
    const unauthorized = await raw('GET', '/api2/json/version', { auth: false });
    expect([unauthorized.status, unauthorized.reason, unauthorized.headers['connection']]).toEqual([401, 'No ticket', 'close']);
  });

  it('refuses unknown HTTP methods and chunked bodies before authentication', async () => {
    const patch = await raw('PATCH', '/api2/json/version', { auth: false });
    expect([patch.status, patch.reason]).toEqual([501, "method 'PATCH' not available"]);
    const chunked = await raw('POST', '/api2/json/nodes/pve1/lxc', { auth: false, headers: { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'vmid=150' });
    expect([chunked.status, chunked.reason]).toEqual([501, 'chunked transfer encoding not supported']);
  });

  it('authenticates before looking at the body and the format', async () => {
    const body = { headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '6' }, body: 'a=bcd0' };
    expect((await raw('GET', '/api2/json/version', { ...body, auth: false })).status).toBe(401);
    const unexpected = await raw('GET', '/api2/json/version', body);
    expect([unexpected.status, unexpected.reason]).toEqual([501, "Unexpected content for method 'GET'"]);
    expect((await raw('GET', '/api2/extjs/version', { auth: false })).status).toBe(401);
    const extjs = await raw('GET', '/api2/extjs/version');
    expect([extjs.status, extjs.reason]).toEqual([501, 'no formatter for uri /version, extjs']);
    const noFormat = await raw('GET', '/api2', { auth: false });
    expect([noFormat.status, noFormat.reason]).toEqual([501, 'no such uri']);
  });

  it('refuses bodies over 64 KiB by their Content-Length', async () => {
    const big = 'description=' + 'x'.repeat(70 * 1024);
    const res = await raw('PUT', '/api2/json/nodes/pve1/lxc/100/config', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(big.length) }, body: big });
    expect([res.status, res.reason]).toEqual([501, 'for data too large']);
  });
});
