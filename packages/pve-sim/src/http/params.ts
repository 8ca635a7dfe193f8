/**
 * Request parameter decoding like pve-http-server: form bodies and query strings with repeated
 * keys joined by NUL (as CGI.pm does), JSON bodies as typed values, query overriding body.
 */
function percentDecode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '+') {
      bytes.push(0x20);
    } else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `decode_urlencoded`: `a=1&a=2` gives `"1\0002"`; a key without `=` has no value. */
export function decodeUrlencoded(data: string): Record<string, string | undefined> {
  const res: Record<string, string | undefined> = {};
  if (!data) return res;
  for (const kv of data.split(/[&;]/)) {
    const eq = kv.indexOf('=');
    const key = percentDecode(eq < 0 ? kv : kv.slice(0, eq));
    if (eq < 0) {
      res[key] = undefined;
      continue;
    }
    const value = percentDecode(kv.slice(eq + 1).split('=')[0] ?? '');
    const old = res[key];
    res[key] = old !== undefined ? `${old}\0${value}` : value;
  }
  return res;
}

export class BodyError extends Error {}

/** `extract_params`: the body (PUT/POST only), then the query string on top. */
export function extractParams(method: string, contentType: string | undefined, body: string, query: string): Record<string, unknown> {
  let params: Record<string, unknown> = {};
  if (method === 'PUT' || method === 'POST') {
    const ct = contentType?.split(/\s*[;,]\s*/)[0]?.toLowerCase();
    if (ct === 'application/json') {
      let parsed: unknown;
      try {
        parsed = body.length > 0 ? JSON.parse(body) : {};
      } catch (err) {
        throw new BodyError(`failed to decode JSON body: ${(err as Error).message}`);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BodyError('failed to decode JSON body: not an object');
      params = { ...(parsed as Record<string, unknown>) };
    } else {
      params = decodeUrlencoded(body);
    }
  }
  for (const [k, v] of Object.entries(decodeUrlencoded(query))) params[k] = v;
  delete params['_dc']; // ExtJS cache buster
  return params;
}
