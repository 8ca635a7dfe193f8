import { describe, expect, it } from 'vitest';
import { checkNamedFormat, parseSize, splitList } from './formats';
import { perlPatternToRegExp } from './perl-regex';

const fails = (format: string, value: string): string | undefined => {
  try {
    checkNamedFormat(format, value);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('named formats', () => {
  it('accepts valid values', () => {
    for (const [f, v] of [
      ['pve-node', 'pve-1'],
      ['pve-vmid', '100'],
      ['pve-storage-id', 'local-lvm'],
      ['mac-addr', 'BC:24:11:00:AA:01'],
      ['pve-ipv4-config', '10.0.0.5/24'],
      ['pve-ipv6-config', 'auto'],
      ['pve-ipv6-config', 'fd00::5/64'],
      ['dns-name', 'web-01.example.com'],
      ['disk-size', '8G'],
      ['pve-ct-timezone', 'Europe/Vienna'],
      ['pve-tag-list', 'a;b,c d'],
      ['pve-configid-list', 'net0,mp1'],
      ['lxc-ip-with-ll-iface-list', '1.1.1.1 fe80::1%eth0'],
    ] as const) {
      expect(fails(f, v), `${f}=${v}`).toBeUndefined();
    }
  });

  it('refuses invalid values with the die text', () => {
    expect(fails('pve-node', 'a_b')).toBe('value does not look like a valid node name\n');
    expect(fails('mac-addr', '01:00:5E:00:00:01')).toBe('value does not look like a valid unicast MAC address\n');
    expect(fails('pve-ipv4-config', '10.0.0.5/4')).toBe('value does not look like a valid ipv4 network configuration\n');
    expect(fails('pve-ipv4-config', '010.0.0.5/24')).toBe('value does not look like a valid ipv4 network configuration\n');
    expect(fails('pve-storage-id', 'bad!')).toBe("storage ID 'bad!' contains illegal characters\n");
    expect(fails('pve-volume-id', 'novolume')).toBe("unable to parse volume ID 'novolume'\n");
    expect(fails('pve-lxc-mp-string', '/data/../etc')).toBe('/data/../etc contains illegal character sequences\n');
    expect(fails('pve-configid-list', 'net0,9bad')).toBe("invalid configuration ID '9bad'\n");
  });

  it('accepts formats it does not know (only implemented methods are validated)', () => {
    expect(fails('pve-some-future-format', 'anything')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('split_list splits on separators or NUL', () => {
    expect(splitList(' a, b;c  d ')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitList('a b\0c')).toEqual(['a b', 'c']);
    expect(splitList('')).toEqual([]);
  });

  it('parse_size understands K/M/G/T', () => {
    expect(parseSize('8G')).toBe(8 * 1024 ** 3);
    expect(parseSize('0.5M')).toBe(512 * 1024);
    expect(parseSize('12')).toBe(12);
    expect(parseSize('8GB')).toBeUndefined();
  });

  it('converts Perl regexes to anchored JavaScript ones', () => {
    const tags = perlPatternToRegExp('(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*)(?:;(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*))*');
    expect(tags.test('Prod;web')).toBe(true);
    expect(tags.test('prod;')).toBe(false);
    expect(perlPatternToRegExp('[A-Z]{,2}').test('AB')).toBe(true);
    expect(perlPatternToRegExp('[A-Z]{,2}').test('ABC')).toBe(false);
  });
});
