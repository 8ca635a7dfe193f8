/**
 * The helper scripts' metadata database: upstream moved the per-app JSON (description, website,
 * logo, default credentials, interface port, notes) out of the repository into a PocketBase
 * instance (db.community-scripts.org, collection `script_scripts`). The worker reads it page by
 * page when the source names its URL, and hands each record to the parser in the shape of the
 * older `frontend/public/json/<slug>.json` files, as a file of the tree (`@db/<slug>.json`), so
 * a changed record is a changed file: it is part of the content hash, and makes a new version.
 * Unreachable or malformed: the sync goes on with what the scripts carry, and says so.
 */
import type { LookupFunction } from 'node:net';
import { z } from 'zod';
import { helperScriptsPaths } from '@kiln/core/catalogue';
import { download } from '@kiln/pve/download';

const MAX_PAGE_BYTES = 16 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 30_000;
/** Upstream has about 700 records: 10 pages of 500 leave room to grow. */
const MAX_PAGES = 10;
const PER_PAGE = 500;

const str = z.string().max(4000).optional().catch(undefined);
const recordSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/),
  name: str,
  description: str,
  website: str,
  logo: str,
  documentation: str,
  port: z.number().int().optional().catch(undefined),
  interface_port: z.number().int().optional().catch(undefined),
  default_user: str,
  default_passwd: str,
  default_credentials: z.object({ username: str.nullable(), password: str.nullable() }).optional().catch(undefined),
  notes: z
    .array(z.union([z.string(), z.object({ text: z.string(), type: z.string().optional() })]))
    .optional()
    .catch(undefined),
  is_deleted: z.boolean().optional().catch(undefined),
  is_disabled: z.boolean().optional().catch(undefined),
});
const pageSchema = z.object({ page: z.number().int(), totalPages: z.number().int(), items: z.array(z.unknown()) });

/** One record in the shape of the older per-app JSON files (what parseAppMetadata reads). */
function asLegacyJson(r: z.infer<typeof recordSchema>): string {
  const port = r.port || r.interface_port;
  const username = r.default_user ?? r.default_credentials?.username ?? undefined;
  const password = r.default_passwd ?? r.default_credentials?.password ?? undefined;
  // No `type`: the database types some apps "addon" that also have an LXC script (ct/<slug>.sh);
  // the script's place in the layout decides what it is, not the record.
  return JSON.stringify({
    name: r.name,
    slug: r.slug,
    description: r.description,
    website: r.website || undefined,
    logo: r.logo || undefined,
    documentation: r.documentation || undefined,
    interface_port: port && port > 0 && port < 65_536 ? port : undefined,
    default_credentials: username || password ? { username: username || null, password: password || null } : undefined,
    notes: r.notes,
  });
}

export interface MetadataDb {
  /** `@db/<slug>.json` -> that record as legacy JSON text. */
  files: Map<string, string>;
  records: number;
}

/** Every record of the database at `baseUrl`, or an Error saying why not. */
export async function fetchMetadataDb(baseUrl: string, lookup?: LookupFunction): Promise<MetadataDb> {
  const files = new Map<string, string>();
  let records = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = new URL('api/collections/script_scripts/records', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    url.search = new URLSearchParams({ page: String(page), perPage: String(PER_PAGE), skipTotal: 'false', sort: 'slug' }).toString();
    const { body } = await download(url.href, { maxBytes: MAX_PAGE_BYTES, timeoutMs: PAGE_TIMEOUT_MS, lookup });
    let parsed: z.infer<typeof pageSchema>;
    try {
      parsed = pageSchema.parse(JSON.parse(body.toString('utf8')));
    } catch {
      throw new Error(`${url.origin} did not answer with PocketBase records (page ${page})`);
    }
    for (const item of parsed.items) {
      const r = recordSchema.safeParse(item);
      if (!r.success || r.data.is_deleted || r.data.is_disabled) continue;
      files.set(helperScriptsPaths.metadataDb(r.data.slug), asLegacyJson(r.data));
      records++;
    }
    if (page >= parsed.totalPages || parsed.items.length === 0) break;
  }
  return { files, records };
}
