import net from 'node:net';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCertificate } from '@kiln/pve';
import { probeHostKey } from '@kiln/ssh';
import { INTERNAL_TARGET_CODE, externalOnlyLookup } from './targets';

// A name that resolved to an outside address when Kiln checked it, and to the Kiln host when the
// connection looks it up again (DNS rebinding). Each lookup below answers like that second time.
const toLoopback = externalOnlyLookup((_host, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]));

let server: net.Server;
let port = 0;
let accepted = 0;

beforeAll(async () => {
  server = net.createServer((s) => {
    accepted++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('externalOnlyLookup (connect-time check of a user’s node address)', () => {
  it('refuses a name that now resolves to the Kiln host: plain TCP never connects', async () => {
    const err = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const sock = net.connect({ host: 'rebind.kiln.test', port, lookup: toLoopback });
      sock.once('connect', () => reject(new Error('connected')));
      sock.once('error', resolve);
    });
    expect(err.code).toBe(INTERNAL_TARGET_CODE);
    expect(accepted).toBe(0);
  });

  it('is used by the TLS probe of the connection test and the SSH host key probe', async () => {
    const tlsErr = (await probeCertificate('rebind.kiln.test', port, { timeout: 3000, lookup: toLoopback }).catch((e: unknown) => e)) as { transportCode?: string };
    expect(tlsErr.transportCode).toBe(INTERNAL_TARGET_CODE);
    const sshErr = (await probeHostKey('rebind.kiln.test', port, { timeout: 3000, lookup: toLoopback }).catch((e: unknown) => e)) as Error;
    expect(sshErr.message).toMatch(/does not connect to loopback/);
    expect(accepted).toBe(0);
  });

  it('passes outside addresses through, in both lookup shapes', async () => {
    const outside: LookupAddress[] = [
      { address: '203.0.113.7', family: 4 },
      { address: '2001:db8::7', family: 6 },
    ];
    const lookup = externalOnlyLookup((_h, cb) => cb(null, outside));
    const all = await new Promise<unknown>((r) => lookup('pve.example', { all: true }, (_e, a) => r(a)));
    expect(all).toEqual(outside);
    const one = await new Promise<unknown[]>((r) => lookup('pve.example', { family: 6 }, (...args: unknown[]) => r(args.slice(1))));
    expect(one).toEqual(['2001:db8::7', 6]);
  });

  it('refuses when any of the addresses is internal', async () => {
    const lookup = externalOnlyLookup((_h, cb) =>
      cb(null, [
        { address: '203.0.113.7', family: 4 },
        { address: '::1', family: 6 },
      ]),
    );
    const err = await new Promise<NodeJS.ErrnoException | null>((r) => lookup('pve.example', { all: true }, (e) => r(e)));
    expect(err?.code).toBe(INTERNAL_TARGET_CODE);
  });
});
