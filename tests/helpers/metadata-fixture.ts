/**
 * A stand-in for the helper scripts' metadata database (PocketBase, collection `script_scripts`)
 * over loopback HTTP, answering `GET /api/collections/script_scripts/records?page=N` in
 * PocketBase's list shape ({ page, perPage, totalItems, totalPages, items }). The records are
 * written for Kiln's tests (a few fields the way upstream's records carry them), two per page so
 * the client has to page. `records` can be changed between syncs; `down()` makes it answer 503.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetadataRecord {
  slug: string;
  name?: string;
  description?: string;
  website?: string;
  logo?: string;
  port?: number;
  default_user?: string;
  default_passwd?: string;
  notes?: { text: string; type?: string }[];
  is_deleted?: boolean;
  expand?: { type?: { type: string }; categories?: { name: string }[] };
}

export interface MetadataFixture {
  url: string;
  records: MetadataRecord[];
  /** Requests seen, by path and query. */
  requests: string[];
  down(yes: boolean): void;
  close(): Promise<void>;
}

export const FIXTURE_RECORDS: MetadataRecord[] = [
  { slug: 'alpine-note', name: 'Alpine Note', description: 'Alpine Note, described by the metadata database.', expand: { type: { type: 'addon' } } },
  { slug: 'asker', name: 'Asker', description: 'Asker, described by the metadata database: it asks a question.', website: 'https://example.invalid/asker', expand: { type: { type: 'lxc' } } },
  { slug: 'half-way', name: 'Half Way', description: 'A deleted record: never read.', is_deleted: true },
  {
    slug: 'hello-web',
    name: 'Hello Web',
    description: 'Hello Web, described by the metadata database.',
    website: 'https://example.invalid/hello-web-db',
    logo: 'https://example.invalid/hello-web.webp',
    port: 8080,
    default_user: 'admin',
    default_passwd: 'from-the-db',
    notes: [{ text: 'Read from the metadata database.', type: 'info' }],
    expand: { type: { type: 'lxc' }, categories: [{ name: 'Webservers & Proxies' }] },
  },
];

const PER_PAGE = 2;

export async function serveMetadataFixture(): Promise<MetadataFixture> {
  let unavailable = false;
  const requests: string[] = [];
  const fixture = { records: structuredClone(FIXTURE_RECORDS) } as MetadataFixture;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${url.pathname}${url.search}`);
    if (unavailable) return void res.writeHead(503).end('maintenance');
    if (url.pathname !== '/api/collections/script_scripts/records') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404,"message":"not found"}');
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const all = fixture.records;
    const totalPages = Math.max(1, Math.ceil(all.length / PER_PAGE));
    const items = all.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((r, i) => ({ collectionName: 'script_scripts', id: `rec${page}${i}`, ...r }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ page, perPage: PER_PAGE, totalItems: all.length, totalPages, items }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fixture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fixture.requests = requests;
  fixture.down = (yes) => void (unavailable = yes);
  fixture.close = () => new Promise((r) => server.close(() => r()));
  return fixture;
}
