import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ValidationError } from '@kiln/core';

/**
 * Addresses on the Kiln host itself (loopback, unspecified) or on its local link. A connection
 * test against them would let any user probe Kiln's own services port by port.
 */
const internal = new BlockList();
internal.addSubnet('127.0.0.0', 8, 'ipv4');
internal.addSubnet('0.0.0.0', 8, 'ipv4');
internal.addSubnet('169.254.0.0', 16, 'ipv4');
internal.addAddress('::1', 'ipv6');
internal.addAddress('::', 'ipv6');
internal.addSubnet('fe80::', 10, 'ipv6');

export function isInternalAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return internal.check(mapped, 'ipv4');
  const family = isIP(bare);
  if (family === 4) return internal.check(bare, 'ipv4');
  if (family === 6) return internal.check(bare, 'ipv6');
  return false;
}

/** Every address a host name resolves to (an IP address resolves to itself); none when it does not resolve. */
async function addressesOf(host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  try {
    return (await lookup(bare, { all: true })).map((a) => a.address);
  } catch {
    // The connection test reports a name that does not resolve, with its own message.
    return [];
  }
}

export interface NodeTarget {
  field: 'host' | 'sshHost';
  host: string;
}

export const INTERNAL_TARGET_MESSAGE =
  'Kiln does not connect to loopback, link-local or unspecified addresses (the Kiln server itself) for you. Use the node’s LAN address, or ask an administrator to allow local nodes.';

/**
 * Refuses targets on the Kiln host before any connection is made, so the answer is the same
 * whether a port there is open or not.
 */
export async function assertExternalTargets(targets: NodeTarget[]): Promise<void> {
  const fieldErrors: Record<string, string> = {};
  for (const t of targets) {
    if ((await addressesOf(t.host)).some(isInternalAddress)) fieldErrors[t.field] = INTERNAL_TARGET_MESSAGE;
  }
  if (Object.keys(fieldErrors).length) throw new ValidationError(INTERNAL_TARGET_MESSAGE, fieldErrors);
}

/** The code of the error a guarded lookup gives for an internal address. */
export const INTERNAL_TARGET_CODE = 'EKILNINTERNAL';

type Resolver = (host: string, cb: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;
const systemResolver: Resolver = (host, cb) => dns.lookup(host, { all: true }, cb);

/**
 * A `lookup` for connections on behalf of users who may not reach the Kiln host: it resolves the
 * name at connect time and refuses when any address is internal. The check before the test
 * (assertExternalTargets) gives the friendly field error; this one closes the window in which a
 * name could resolve elsewhere for the check than for the connection (DNS rebinding).
 */
export function externalOnlyLookup(resolve: Resolver = systemResolver): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    resolve(hostname, (err, addresses) => {
      if (err) return callback(err);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }));
      if (addresses.some((a) => isInternalAddress(a.address))) {
        return callback(Object.assign(new Error(INTERNAL_TARGET_MESSAGE), { code: INTERNAL_TARGET_CODE }));
      }
      const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
      if (options.all) return callback(null, wanted);
      const first = wanted[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }));
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}
