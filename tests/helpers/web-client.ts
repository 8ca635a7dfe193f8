import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/paths';

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

let manifest: Record<string, ManifestEntry> | undefined;

function actionsManifest(): Record<string, ManifestEntry> {
  manifest ??= (JSON.parse(readFileSync(path.join(ROOT, 'apps/web/.next/server/server-reference-manifest.json'), 'utf8')) as { node: Record<string, ManifestEntry> }).node;
  return manifest;
}

/** The id and a page that hosts the server action exported as `exportedName`. */
export function findAction(exportedName: string): { id: string; page: string } {
  for (const [id, entry] of Object.entries(actionsManifest())) {
    if (entry.exportedName !== exportedName) continue;
    const worker = Object.keys(entry.workers)[0] ?? 'app/page';
    const page =
      worker
        .replace(/^app/, '')
        .replace(/\/page$/, '')
        .replace(/\/\([^)]+\)/g, '') || '/';
    return { id, page };
  }
  throw new Error(`server action ${exportedName} not found in the build manifest`);
}

export interface ActionResult<T = unknown> {
  data?: T;
  serverError?: { code: string; message: string; fieldErrors?: Record<string, string> };
  validationErrors?: unknown;
}

/**
 * The rows of a Flight payload by id: `id:json\n`, or `id:T<hex length>,<text>` without a newline
 * (long strings, e.g. a data URL, are sent that way and referenced as "$id"; kept as "T<text>").
 */
function flightRows(raw: string): Map<string, string> {
  const rows = new Map<string, string>();
  const bytes = Buffer.from(raw, 'utf8');
  let i = 0;
  while (i < bytes.length) {
    const colon = bytes.indexOf(0x3a, i);
    if (colon < 0) break;
    const id = bytes.subarray(i, colon).toString('utf8');
    if (bytes[colon + 1] === 0x54 /* T */) {
      const comma = bytes.indexOf(0x2c, colon);
      const len = parseInt(bytes.subarray(colon + 2, comma).toString('utf8'), 16);
      rows.set(id, 'T' + bytes.subarray(comma + 1, comma + 1 + len).toString('utf8'));
      i = comma + 1 + len;
    } else {
      const nl = bytes.indexOf(0x0a, colon);
      const end = nl < 0 ? bytes.length : nl;
      rows.set(id, bytes.subarray(colon + 1, end).toString('utf8'));
      i = end + 1;
    }
  }
  return rows;
}

/** A distinct fake client IP (10.x.y.z), so per-IP limits of one test don't leak into another. */
export function fakeIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/**
 * A browser-less client of the running web app with its own cookie jar. Calls server actions
 * the way a browser (or an attacker) does: POST with the Next-Action header.
 */
export class WebClient {
  private cookies = new Map<string, string>();
  /**
   * Each client is a machine of its own: the shared test stack trusts X-Forwarded-For
   * (TRUST_PROXY=1, like Kiln behind a reverse proxy), so one test's failed sign-ins never use up
   * the per-IP budget of every other test running from 127.0.0.1. The stacks that test
   * TRUST_PROXY=0 itself run on their own.
   */
  readonly ip = fakeIp();

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Copies the cookies into another client (to replay a stolen or old cookie). */
  cloneCookies(): Map<string, string> {
    return new Map(this.cookies);
  }

  setCookies(c: Map<string, string>): void {
    this.cookies = new Map(c);
  }

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const idx = pair!.indexOf('=');
      const name = pair!.slice(0, idx).trim();
      const value = pair!.slice(idx + 1).trim();
      if (/max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader);
    if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', this.ip);
    const res = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: 'manual' });
    this.store(res);
    return res;
  }

  async login(username: string, password: string): Promise<Response> {
    return this.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.baseUrl },
      body: JSON.stringify({ username, password }),
    });
  }

  /** GET a page; returns status, redirect target and HTML. */
  async page(pathname: string): Promise<{ status: number; location: string | null; html: string }> {
    const res = await this.fetch(pathname);
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }

  /** Invokes a server action by its exported name with one argument. */
  async action<T = unknown>(exportedName: string, input?: unknown): Promise<ActionResult<T> & { status: number; redirect?: string; raw: string }> {
    const { id, page } = findAction(exportedName);
    const res = await this.fetch(page, {
      method: 'POST',
      headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: this.baseUrl },
      body: JSON.stringify(input === undefined ? [] : [input]),
    });
    const raw = await res.text();
    const redirectHeader = res.headers.get('x-action-redirect') ?? undefined;
    // The Flight payload's envelope (line 0) points at line 1 for the action's return value;
    // after a redirect the payload is the next page instead.
    const rows = flightRows(raw);
    const line = rows.get('0')?.includes('"a":"$@1"') ? rows.get('1') : undefined;
    let parsed: ActionResult<T> = {};
    if (line) {
      try {
        parsed = JSON.parse(line, (_k, v: unknown) =>
          typeof v === 'string' && /^\$[0-9a-f]+$/.test(v) && rows.get(v.slice(1))?.startsWith('T') ? rows.get(v.slice(1))!.slice(1) : v,
        ) as ActionResult<T>;
      } catch {
        /* not JSON: leave empty, the raw text is returned */
      }
    }
    return { ...parsed, status: res.status, redirect: redirectHeader?.split(';')[0], raw };
  }
}
