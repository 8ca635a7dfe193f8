import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
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
