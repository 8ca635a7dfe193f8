/**
 * Catalogue sources are admin-managed: a source decides what runs in every user's containers, so
 * only an admin adds, changes, pins, disables, deletes or syncs one. Their templates are visible
 * to every user (read-only; clone to edit).
 */
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@kiln/core';
import { recordAudit, type Db } from '@kiln/db';
import { enqueue, scheduleJob } from '@kiln/queue';
import type { Actor } from '../nodes/service';
import { catalogueSourceInputSchema, isTarballUrl } from '../schemas/catalogue';
import { readSyncSummary, type SyncSummary } from './report';
import { guardedResolve } from './sync';

export interface CatalogueSourceView {
  id: string;
  name: string;
  kind: 'kiln' | 'helper-scripts';
  url: string;
  ref: string;
  pinnedCommit: string | null;
  pinnedOnly: boolean;
  enabled: boolean;
  syncEveryMinutes: number | null;
  metadataUrl: string | null;
  lastSyncAt: Date | null;
  lastSyncCommit: string | null;
  lastSyncResult: 'ok' | 'partial' | 'failed' | null;
  lastSyncError: string | null;
  lastSync: SyncSummary;
  templates: number;
}

const KIND_DB = { kiln: 'kiln', 'helper-scripts': 'helper_scripts' } as const;
const KIND_VIEW = { kiln: 'kiln', helper_scripts: 'helper-scripts' } as const;

export const catalogueSchedulerId = (sourceId: string) => `catalogue-sync:${sourceId}`;

function assertAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an administrator manages catalogue sources.');
}

function parseInput(input: unknown) {
  const r = catalogueSourceInputSchema.safeParse(input);
  if (r.success) {
    if (isTarballUrl(r.data.url) && (r.data.pinnedCommit || r.data.pinnedOnly)) {
      throw new ValidationError('A tarball has no commits to pin: put a fixed version in its URL (a tag or commit archive) instead.', { pinnedCommit: 'a tarball URL cannot be pinned to a commit' });
    }
    if (r.data.pinnedOnly && !r.data.pinnedCommit) throw new ValidationError('Pin a commit to limit the source to pinned commits.', { pinnedCommit: 'required when only pinned commits may sync' });
    // Only the helper scripts have a metadata database.
    return r.data.kind === 'kiln' ? { ...r.data, metadataUrl: null } : r.data;
  }
  const fieldErrors: Record<string, string> = {};
  for (const i of r.error.issues) fieldErrors[String(i.path[0] ?? 'form')] ??= i.message;
  throw new ValidationError('Check the highlighted fields.', fieldErrors);
}

export interface CatalogueSourceDeps {
  db: Db;
  /** KILN_ALLOW_LOOPBACK_NODES */
  allowInternal?: boolean;
}

export class CatalogueSources {
  constructor(private readonly deps: CatalogueSourceDeps) {}

  async list(actor: Actor): Promise<CatalogueSourceView[]> {
    assertAdmin(actor);
    const rows = await this.deps.db.catalogueSource.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { templates: true } } } });
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: KIND_VIEW[r.kind],
      url: r.url,
      ref: r.ref,
      pinnedCommit: r.pinnedCommit,
      pinnedOnly: r.pinnedOnly,
      enabled: r.enabled,
      syncEveryMinutes: r.syncEveryMinutes,
      metadataUrl: r.metadataUrl,
      lastSyncAt: r.lastSyncAt,
      lastSyncCommit: r.lastSyncCommit,
      lastSyncResult: r.lastSyncResult,
      lastSyncError: r.lastSyncError,
      lastSync: readSyncSummary(r.lastSyncEntries),
      templates: r._count.templates,
    }));
  }

  async create(actor: Actor, input: unknown): Promise<{ id: string }> {
    assertAdmin(actor);
    const data = parseInput(input);
    await this.checkUrl(actor, data.url);
    if (data.metadataUrl) await this.checkUrl(actor, data.metadataUrl, 'metadataUrl');
    const taken = await this.deps.db.catalogueSource.findUnique({ where: { name: data.name }, select: { id: true } });
    if (taken) throw new ConflictError(`A source named ${data.name} exists.`, { name: 'is taken by another source' });
    const row = await this.deps.db.catalogueSource.create({ data: { ...data, kind: KIND_DB[data.kind], createdById: actor.id } });
    await this.audit(actor, 'catalogue.source.create', row.id, data.name, { url: data.url, kind: data.kind });
    await this.schedule(row.id, data.enabled ? data.syncEveryMinutes : null);
    return { id: row.id };
  }

  async update(actor: Actor, id: string, input: unknown): Promise<void> {
    assertAdmin(actor);
    const row = await this.rowOrThrow(id);
    const data = parseInput(input);
    if (data.url !== row.url) await this.checkUrl(actor, data.url);
    if (data.metadataUrl && data.metadataUrl !== row.metadataUrl) await this.checkUrl(actor, data.metadataUrl, 'metadataUrl');
    if (data.kind !== KIND_VIEW[row.kind]) throw new ConflictError('The kind of a source stays: add another source instead.', { kind: 'cannot change' });
    await this.deps.db.catalogueSource.update({ where: { id }, data: { ...data, kind: KIND_DB[data.kind] } });
    await this.audit(actor, 'catalogue.source.update', id, data.name, { url: data.url, ref: data.ref, pinnedCommit: data.pinnedCommit, pinnedOnly: data.pinnedOnly, enabled: data.enabled });
    await this.schedule(id, data.enabled ? data.syncEveryMinutes : null);
  }

  /** Deletes the source and its templates; containers keep their provenance (slug and version). */
  async remove(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    const row = await this.rowOrThrow(id);
    const creating = await this.deps.db.container.count({ where: { lifecycle: 'creating', template: { sourceId: id } } });
    if (creating > 0) throw new ConflictError('A container is being created from one of this source’s templates. Delete the source once that creation has finished.');
    await this.schedule(id, null);
    await this.deps.db.catalogueSource.delete({ where: { id } });
    await this.audit(actor, 'catalogue.source.delete', id, row.name, {});
  }

  /** "Sync now": one job per source at a time (the job id is the source's). */
  async requestSync(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    const row = await this.rowOrThrow(id);
    if (!row.enabled) throw new ConflictError('The source is disabled: enable it to sync.');
    await enqueue('syncCatalogueSource', { sourceId: id, scheduled: false }, { jobId: `catalogue-sync-now-${id}`, removeOnComplete: true, removeOnFail: true });
    await this.audit(actor, 'catalogue.source.sync', id, row.name, {});
  }

  private async schedule(id: string, minutes: number | null): Promise<void> {
    await scheduleJob(catalogueSchedulerId(id), 'syncCatalogueSource', minutes === null ? null : minutes * 60_000, { sourceId: id, scheduled: true });
  }

  private async checkUrl(actor: Actor, url: string, field: 'url' | 'metadataUrl' = 'url'): Promise<void> {
    try {
      await guardedResolve(url, actor.role === 'admin' || this.deps.allowInternal === true);
    } catch (e) {
      throw new ValidationError((e as Error).message, { [field]: (e as Error).message });
    }
  }

  private async rowOrThrow(id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Catalogue source');
    const row = await this.deps.db.catalogueSource.findUnique({ where: { id } });
    if (!row) throw new NotFoundError('Catalogue source');
    return row;
  }

  private audit(actor: Actor, action: string, id: string, name: string, detail: Record<string, string | number | boolean | null>) {
    return recordAudit(this.deps.db, { userId: actor.id, actor: actor.username, action, outcome: 'success', targetType: 'catalogue-source', targetId: id, targetName: name, ip: actor.ip, detail });
  }
}
