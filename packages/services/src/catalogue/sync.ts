/**
 * One sync of a catalogue source, in the worker: fetch, read, parse every entry on its own,
 * insert new template versions, record the result with the entries that did not make one.
 * It only ever inserts versions (or fills an unused one), so a creation in progress is never touched.
 */
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import path from 'node:path';
import { isIP } from 'node:net';
import { catalogueEntries, type CatalogueEntry, type CatalogueKind, type SourceTree } from '@kiln/core/catalogue';
import type { Template } from '@kiln/core/templates';
import type { Db } from '@kiln/db';
import { compareSemver } from '../templates/semver';
import { externalOnlyLookup, INTERNAL_TARGET_MESSAGE, isInternalAddress } from '../nodes/targets';
import { fetchSource, listTree, MAX_SOURCE_FILE_BYTES, readBlobs, type TreeFile } from './git';
import { fetchMetadataDb } from './metadata-db';
import { fetchTarball, isTarballUrl, type TarFile } from './tarball';
import type { SyncEntryIssue, SyncReport } from './report';

export interface CatalogueSyncDeps {
  db: Db;
  /** Cache directories live under it, one per source (KILN_DATA_DIR/catalogue). */
  cacheRoot: string;
  /** KILN_ALLOW_LOOPBACK_NODES: sources of non-admins may reach the Kiln host too. */
  allowInternal?: boolean;
}

const KIND: Record<'kiln' | 'helper_scripts', CatalogueKind> = { kiln: 'kiln', helper_scripts: 'helper-scripts' };

/** Which files of the tree a kind reads (the rest is never fetched out of git's store). */
function wanted(kind: CatalogueKind, p: string): boolean {
  if (kind === 'kiln') return /\.(ya?ml|json)$/i.test(p) && !p.split('/').some((s) => s.startsWith('.'));
  return /^(ct|install|vm|turnkey)\/[^/]+\.sh$|^tools\/.+\.sh$|^misc\/[^/]+\.func$|^frontend\/public\/json\/[^/]+\.json$/.test(p);
}

/**
 * The http(s) URL's host resolved once and checked: a source of a non-admin may not reach the
 * Kiln host. The answer is handed to git (`http.curloptResolve`) so git connects to the address
 * that was checked, not to what a second lookup might say (DNS rebinding).
 */
export async function guardedResolve(url: string, allowInternal: boolean): Promise<string | undefined> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('a source URL must start with https:// or http://');
  // Trusted: git resolves the name itself (an admin may point a source at the Kiln host).
  if (allowInternal) return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  if (addresses.some(isInternalAddress)) throw new Error(INTERNAL_TARGET_MESSAGE);
  const first = addresses[0];
  if (!first || isIP(host)) return undefined;
  return `${host}:${port}:${first.includes(':') ? `[${first}]` : first}`;
}

/** sha256 over the files a template was made from: path and content of each, in order. */
export function contentHash(files: readonly string[], read: (p: string) => string | undefined): string {
  const h = createHash('sha256');
  for (const f of files)
    h.update(f)
      .update('\0')
      .update(read(f) ?? '')
      .update('\0');
  return h.digest('hex');
}

function nextPatch(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : '1.0.0';
}

type Outcome = 'added' | 'unchanged' | { error: string };

async function upsertEntry(db: Db, source: { id: string; kind: CatalogueKind }, entry: Extract<CatalogueEntry, { status: 'template' }>, hash: string, commit: string): Promise<Outcome> {
  const t = entry.template;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`kiln:catalogue:${source.id}:${t.slug}`}))`;
    const rows = await tx.template.findMany({ where: { sourceId: source.id, slug: t.slug }, select: { id: true, version: true, contentHash: true, _count: { select: { containers: true } } } });
    if (rows.some((r) => r.contentHash === hash)) return 'unchanged';
    let version = t.version;
    if (source.kind === 'helper-scripts') {
      // Kiln numbers these: a changed upstream file is the next patch version.
      const newest = rows.reduce<string | undefined>((a, r) => (a === undefined || compareSemver(r.version, a) > 0 ? r.version : a), undefined);
      version = newest ? nextPatch(newest) : '1.0.0';
    } else {
      const same = rows.find((r) => r.version === version);
      if (same && same._count.containers > 0) {
        return { error: `${t.slug} ${version} changed upstream, but containers were made from ${version}: the file needs a new version number` };
      }
      if (same) {
        await tx.template.update({ where: { id: same.id }, data: columns(t, version, entry.path, commit, hash) });
        return 'added';
      }
    }
    await tx.template.create({ data: { ...columns(t, version, entry.path, commit, hash), slug: t.slug, version, userId: null, builtin: false, sourceId: source.id } });
    return 'added';
  });
}

function columns(t: Template, version: string, sourcePath: string, sourceCommit: string, contentHash: string) {
  return { name: t.name, description: t.description, icon: t.icon, tags: t.tags, spec: { ...t, version } as object, sourcePath, sourceCommit, contentHash };
}

type TemplateEntry = Extract<CatalogueEntry, { status: 'template' }>;

/**
 * Saves the template entries. Unchanged ones (same content hash) cost no write; slugs the source
 * never had are inserted in batches; the rest (a new version of a known slug) go one by one
 * through upsertEntry. A batch that fails falls back to one by one, so a bad entry stays its own.
 */
async function saveEntries(db: Db, source: { id: string; kind: CatalogueKind }, entries: CatalogueEntry[], tree: SourceTree, commit: string, issues: SyncEntryIssue[]) {
  const known = new Map<string, Set<string>>();
  for (const r of await db.template.findMany({ where: { sourceId: source.id }, select: { slug: true, contentHash: true } })) {
    known.set(r.slug, (known.get(r.slug) ?? new Set()).add(r.contentHash ?? ''));
  }
  let added = 0;
  let unchanged = 0;
  const fresh: { entry: TemplateEntry; hash: string }[] = [];
  const changed: { entry: TemplateEntry; hash: string }[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    if (entry.status === 'error') issues.push({ path: entry.path, kind: 'error', message: entry.message });
    else if (entry.status === 'not-deployable') issues.push({ path: entry.path, kind: 'not-deployable', message: entry.reason, name: entry.name });
    else {
      const other = seen.get(entry.template.slug);
      if (other) {
        issues.push({ path: entry.path, kind: 'error', message: `slug ${entry.template.slug} is already taken by ${other}` });
        continue;
      }
      seen.set(entry.template.slug, entry.path);
      const hash = contentHash(entry.files, tree.read);
      const hashes = known.get(entry.template.slug);
      if (hashes?.has(hash)) unchanged++;
      else (hashes ? changed : fresh).push({ entry, hash });
    }
  }
  const oneByOne = async (list: { entry: TemplateEntry; hash: string }[]) => {
    for (const { entry, hash } of list) {
      try {
        const outcome = await upsertEntry(db, source, entry, hash, commit);
        if (outcome === 'added') added++;
        else if (outcome === 'unchanged') unchanged++;
        else issues.push({ path: entry.path, kind: 'error', message: outcome.error });
      } catch (e) {
        issues.push({ path: entry.path, kind: 'error', message: `could not be saved: ${(e as Error).message.split('\n')[0]}` });
      }
    }
  };
  for (let i = 0; i < fresh.length; i += 100) {
    const batch = fresh.slice(i, i + 100);
    try {
      // A first version: 1.0.0 for helper-scripts apps, the file's own for kiln/v1. A row another
      // sync inserted meanwhile is skipped (same source, slug and version).
      const data = batch.map(({ entry, hash }) => {
        const version = source.kind === 'helper-scripts' ? '1.0.0' : entry.template.version;
        return { ...columns(entry.template, version, entry.path, commit, hash), slug: entry.template.slug, version, userId: null, builtin: false, sourceId: source.id };
      });
      const { count } = await db.template.createMany({ data, skipDuplicates: true });
      added += count;
      unchanged += batch.length - count;
    } catch {
      await oneByOne(batch);
    }
  }
  await oneByOne(changed);
  return { added, unchanged, templates: added + unchanged };
}

/**
 * The source's not deployable apps, replaced as a set: each has an app page (metadata, reason,
 * scripts) but never a template. A sync that failed to fetch keeps the last set.
 */
async function saveListings(db: Db, sourceId: string, entries: CatalogueEntry[], tree: SourceTree, commit: string) {
  const data = entries.flatMap((e) => {
    if (e.status !== 'not-deployable') return [];
    const l = e.listing;
    return [
      {
        sourceId,
        path: e.path,
        slug: l.slug,
        name: l.name,
        description: l.description,
        tags: l.tags,
        reason: e.reason,
        sourceCommit: commit,
        contentHash: contentHash(l.files, tree.read),
        facts: l.facts as object,
        files: l.files.map((p) => ({ path: p, content: tree.read(p) ?? '' })),
      },
    ];
  });
  await db.$transaction([db.catalogueListing.deleteMany({ where: { sourceId } }), db.catalogueListing.createMany({ data })]);
}

const tooBig = (path: string, size: number): SyncEntryIssue => ({
  path,
  kind: 'error',
  message: `the file is ${Math.ceil(size / 1024)} KiB; Kiln reads files up to ${MAX_SOURCE_FILE_BYTES / 1024} KiB`,
});

/** A downloaded tarball's files as a tree (only the files the kind reads have content). */
function tarballTree(kind: CatalogueKind, files: TarFile[]): { tree: SourceTree; issues: SyncEntryIssue[] } {
  const issues: SyncEntryIssue[] = [];
  const texts = new Map<string, string>();
  for (const f of files) {
    if (!wanted(kind, f.path)) continue;
    if (f.content) texts.set(f.path, f.content.toString('utf8'));
    else issues.push(tooBig(f.path, f.size));
  }
  return { tree: { paths: [...texts.keys()].sort(), read: (p) => texts.get(p) }, issues };
}

/**
 * The helper scripts' metadata database, read into the tree as `@db/<slug>.json` files. A
 * database that cannot be read leaves the tree as it is (the scripts' own metadata), and says why.
 */
async function withMetadataDb(tree: SourceTree, url: string, allowInternal: boolean): Promise<{ tree: SourceTree; metadata: NonNullable<SyncReport['metadata']> }> {
  try {
    const db = await fetchMetadataDb(url, allowInternal ? undefined : externalOnlyLookup());
    return { tree: { paths: tree.paths, read: (p) => db.files.get(p) ?? tree.read(p) }, metadata: { url, records: db.records } };
  } catch (e) {
    return { tree, metadata: { url, error: `${(e as Error).message}; the scripts' own metadata was used` } };
  }
}

/** The source's files at its ref or pinned commit (git), or as its tarball holds them now. */
async function fetchTree(deps: CatalogueSyncDeps, source: { id: string; url: string; ref: string; pinnedCommit: string | null }, kind: CatalogueKind, allowInternal: boolean) {
  const resolve = await guardedResolve(source.url, allowInternal);
  if (isTarballUrl(source.url)) {
    if (source.pinnedCommit) throw new Error('A tarball has no commits to pin: remove the pin and put a fixed version in the URL instead.');
    // Every connection (redirects too) goes through the guard, not only the first lookup.
    const t = await fetchTarball(source.url, (p) => wanted(kind, p), allowInternal ? undefined : externalOnlyLookup());
    return { commit: t.commit, ...tarballTree(kind, t.files) };
  }
  const cacheDir = path.join(deps.cacheRoot, source.id);
  const commit = await fetchSource({ url: source.url, ref: source.ref, commit: source.pinnedCommit, cacheDir, resolve });
  return { commit, ...(await readSourceTree(cacheDir, commit, kind)) };
}

async function readSourceTree(cacheDir: string, commit: string, kind: CatalogueKind): Promise<{ tree: SourceTree; issues: SyncEntryIssue[] }> {
  const all = await listTree(cacheDir, commit);
  const issues: SyncEntryIssue[] = [];
  const files: TreeFile[] = [];
  for (const f of all) {
    if (!wanted(kind, f.path)) continue;
    if (f.size > MAX_SOURCE_FILE_BYTES) issues.push(tooBig(f.path, f.size));
    else files.push(f);
  }
  const blobs = await readBlobs(
    cacheDir,
    files.map((f) => f.blob),
  );
  const texts = new Map(files.map((f) => [f.path, blobs.get(f.blob)?.toString('utf8') ?? '']));
  return { tree: { paths: [...texts.keys()].sort(), read: (p) => texts.get(p) }, issues };
}

/**
 * Syncs one source now. Never throws for the source's own problems (an unreachable URL, a bad
 * file): they end up on the source's last sync result, which the settings page shows.
 */
export async function syncCatalogueSource(deps: CatalogueSyncDeps, sourceId: string, options: { scheduled?: boolean } = {}): Promise<SyncReport> {
  const source = await deps.db.catalogueSource.findUnique({ where: { id: sourceId }, include: { createdBy: { select: { role: true } } } });
  if (!source) return { result: 'failed', error: 'The source was deleted.', added: 0, unchanged: 0, templates: 0, entries: [] };
  if (!source.enabled && options.scheduled) return { result: 'failed', error: 'The source is disabled.', added: 0, unchanged: 0, templates: 0, entries: [] };
  const kind = KIND[source.kind];
  let report: SyncReport;
  let commit: string | undefined;
  try {
    if (!source.enabled) throw new Error('The source is disabled: enable it to sync.');
    if (source.pinnedOnly && !source.pinnedCommit) throw new Error('The source is limited to pinned commits and none is pinned.');
    const allowInternal = deps.allowInternal === true || source.createdBy?.role === 'admin';
    const fetched = await fetchTree(deps, source, kind, allowInternal);
    commit = fetched.commit;
    const { issues } = fetched;
    let tree = fetched.tree;
    let metadata: SyncReport['metadata'];
    if (kind === 'helper-scripts' && source.metadataUrl) ({ tree, metadata } = await withMetadataDb(tree, source.metadataUrl, allowInternal));
    const entries = catalogueEntries(kind, tree);
    const { added, unchanged, templates } = await saveEntries(deps.db, { id: source.id, kind }, entries, tree, commit, issues);
    await saveListings(deps.db, source.id, entries, tree, commit);
    const errors = issues.filter((i) => i.kind === 'error').length;
    report = { result: errors ? 'partial' : 'ok', commit, added, unchanged, templates, entries: issues, ...(metadata ? { metadata } : {}) };
  } catch (e) {
    report = { result: 'failed', error: (e as Error).message, commit, added: 0, unchanged: 0, templates: 0, entries: [] };
  }
  await deps.db.catalogueSource.update({
    where: { id: source.id },
    data: {
      lastSyncAt: new Date(),
      lastSyncResult: report.result,
      lastSyncError: report.error ?? null,
      // A failed fetch keeps the commit the templates came from.
      ...(report.result === 'failed' ? {} : { lastSyncCommit: report.commit ?? null }),
      lastSyncEntries: { added: report.added, unchanged: report.unchanged, templates: report.templates, entries: report.entries, ...(report.metadata ? { metadata: report.metadata } : {}) },
    },
  });
  return report;
}
