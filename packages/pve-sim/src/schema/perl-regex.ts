/**
 * Schema patterns are Perl regexes (`qr//` stringified). PVE matches them as `m/^$pattern$/`;
 * this converts the few Perl-only constructs found in the schema to JavaScript.
 */
const cache = new Map<string, RegExp>();

export function perlPatternToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let caseInsensitive = false;
  const js = pattern
    // `(?^:...)` / `(?^i:...)`: embedded flag groups from stringified qr//. JS (Node 20) has no
    // inline modifiers, so an `i` anywhere makes the whole pattern case-insensitive; the schema's
    // case-insensitive groups only sit next to classes that already accept both cases.
    .replace(/\(\?\^([a-z]*):/g, (_m, flags: string) => {
      if (flags.includes('i')) caseInsensitive = true;
      return '(?:';
    })
    // Perl >= 5.34 reads `{,n}` as `{0,n}`; JS would read it as the literal text.
    .replace(/\{,(\d+)\}/g, '{0,$1}');
  re = new RegExp(`^(?:${js})$`, caseInsensitive ? 'i' : '');
  cache.set(pattern, re);
  return re;
}
