/** A parameter value as PVE takes it; `undefined` means "not sent". */
export type ParamValue = string | number | boolean | undefined;
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * `application/x-www-form-urlencoded` (also used for query strings). Booleans become 1/0, as PVE
 * expects. Spaces are %20, not `+`: both decode the same on PVE, %20 is unambiguous everywhere.
 */
export function encodeParams(params: Params | undefined): string {
  if (params === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.join('&');
}

/**
 * Tagged template for API paths: every interpolated value is one encoded path segment, so a node
 * name or a UPID (which holds `:`, `@` and `!`) can never change the path's shape.
 */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += encodeURIComponent(String(value)) + (strings[i + 1] ?? '');
  });
  return out;
}
