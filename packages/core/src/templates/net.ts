/** IP address and CIDR checks (pure, browser-safe), the formats PVE accepts in `net0` and `nameserver`. */

const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

/** RFC 4291 text forms, including `::` compression and a trailing embedded IPv4. */
export function isIpv6(value: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(value) || value.length > 45) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | undefined => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (const [i, g] of all.entries()) {
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIpv4(g)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

export function isIp(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

function prefixOf(value: string, max: number): string | undefined {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return undefined;
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return undefined;
  return value.slice(0, slash);
}

/** `10.0.0.5/24`: an address with a prefix length (host bits may be set, as in PVE's `ip=`). */
export function isCidrV4(value: string): boolean {
  const addr = prefixOf(value, 32);
  return addr !== undefined && isIpv4(addr);
}

export function isCidrV6(value: string): boolean {
  const addr = prefixOf(value, 128);
  return addr !== undefined && isIpv6(addr);
}

export function isCidr(value: string): boolean {
  return isCidrV4(value) || isCidrV6(value);
}
