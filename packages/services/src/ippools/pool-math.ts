import { hostBounds, intToIp, ipToInt, parseSpan, parseSubnet } from './ipv4';

/** The stored pool columns the address arithmetic needs. */
export interface PoolShape {
  cidr: string;
  rangeStart: string | null;
  rangeEnd: string | null;
  reserved: string[];
  gateway: string | null;
}

/** [first, last] handed out: the range, or the subnet's host addresses. */
export function poolBounds(p: PoolShape): [number, number] {
  if (p.rangeStart && p.rangeEnd) return [ipToInt(p.rangeStart), ipToInt(p.rangeEnd)];
  const s = parseSubnet(p.cidr);
  return s ? hostBounds(s) : [1, 0];
}

/** Reserved spans and the gateway, clipped to the bounds, merged and sorted. */
export function excludedSpans(p: PoolShape): [number, number][] {
  const [lo, hi] = poolBounds(p);
  const spans = [...p.reserved.map(parseSpan), p.gateway ? parseSpan(p.gateway) : undefined]
    .filter((s): s is [number, number] => !!s && s[1] >= lo && s[0] <= hi)
    .map(([a, b]): [number, number] => [Math.max(a, lo), Math.min(b, hi)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1] + 1) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** Addresses the pool can hand out at all (bounds minus reserved and gateway). */
export function poolCapacity(p: PoolShape): number {
  const [lo, hi] = poolBounds(p);
  return Math.max(0, hi - lo + 1 - excludedSpans(p).reduce((n, [a, b]) => n + b - a + 1, 0));
}

/** Whether the pool could hand out this address (ignoring who holds it). */
export function poolOffers(p: PoolShape, ip: string): boolean {
  const [lo, hi] = poolBounds(p);
  const n = ipToInt(ip);
  return n >= lo && n <= hi && !excludedSpans(p).some(([a, b]) => n >= a && n <= b);
}

/** The pool's addresses in order, skipping reserved ones and those in `taken`. */
export function* freeAddresses(p: PoolShape, taken: ReadonlySet<string>): Generator<string> {
  const [lo, hi] = poolBounds(p);
  const spans = excludedSpans(p);
  let i = 0;
  for (let n = lo; n <= hi; n++) {
    while (spans[i] && spans[i]![1] < n) i++;
    const s = spans[i];
    if (s && n >= s[0]) {
      n = s[1];
      continue;
    }
    const ip = intToIp(n);
    if (!taken.has(ip)) yield ip;
  }
}
