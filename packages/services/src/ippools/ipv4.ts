import { isIpv4 } from '@kiln/core/templates';

/** IPv4 arithmetic for pools (pure, browser-safe): addresses as unsigned 32-bit numbers. */

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export interface Subnet {
  /** Network address as a number. */
  network: number;
  prefix: number;
  /** Network and broadcast included. */
  size: number;
}

/** `10.10.0.0/24` → the subnet (host bits cleared); undefined when not an IPv4 CIDR. */
export function parseSubnet(cidr: string): Subnet | undefined {
  const [addr, p, extra] = cidr.trim().split('/');
  if (extra !== undefined || !addr || !p || !isIpv4(addr) || !/^\d{1,2}$/.test(p) || Number(p) > 32) return undefined;
  const prefix = Number(p);
  const size = 2 ** (32 - prefix);
  return { network: Math.floor(ipToInt(addr) / size) * size, prefix, size };
}

export function inSubnet(s: Subnet, ip: number): boolean {
  return ip >= s.network && ip < s.network + s.size;
}

/** The addresses a subnet can give hosts: all but network and broadcast (a /31 or /32 keeps them all). */
export function hostBounds(s: Subnet): [number, number] {
  return s.prefix >= 31 ? [s.network, s.network + s.size - 1] : [s.network + 1, s.network + s.size - 2];
}

/** `10.0.0.5` or `10.0.0.10-10.0.0.20` → [first, last]; undefined when malformed or reversed. */
export function parseSpan(text: string): [number, number] | undefined {
  const [a, b, extra] = text.trim().split('-');
  if (extra !== undefined || !a || !isIpv4(a.trim()) || (b !== undefined && !isIpv4(b.trim()))) return undefined;
  const first = ipToInt(a.trim());
  const last = b === undefined ? first : ipToInt(b.trim());
  return first <= last ? [first, last] : undefined;
}

/** Whether two inclusive ranges share an address. */
export function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}
