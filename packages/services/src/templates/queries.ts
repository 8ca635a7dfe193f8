/**
 * What a user may read of the template catalogue: the built-ins (userId null) and their own
 * templates, never another user's. Every query here is scoped by the owner.
 */
import { NotFoundError } from '@kiln/core';
import { assertTemplate, type Template } from '@kiln/core/templates';
import type { Db } from '@kiln/db';
import { compareSemver } from './semver';
import { ownedBy, visibleTo } from '../scopes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs: anything that is not a UUID is simply not found (Prisma would throw). */
export function isTemplateId(id: string): boolean {
  return UUID.test(id);
}

export interface TemplateVersion {
  id: string;
  version: string;
  createdAt: Date;
  containers: number;
}

/** Where a synced template came from: the user sees the source, the commit and the exact files before deploying. */
export interface TemplateProvenance {
  sourceId: string;
  sourceName: string;
  sourceUrl: string;
  path: string | null;
  commit: string | null;
  contentHash: string | null;
}

export interface TemplateDetail {
  id: string;
  builtin: boolean;
  /** Set for a template synced from a catalogue source (read-only: clone to edit). */
  provenance: TemplateProvenance | null;
  template: Template;
  createdAt: Date;
  updatedAt: Date;
  /** Containers made from this very row (any lifecycle): a used version is not edited in place. */
  containers: number;
  /** Containers still being provisioned from it: the worker reads the template while it works. */
  creating: number;
  /** Every version of the same slug by the same owner, newest first. */
  versions: TemplateVersion[];
}

/** A template the user may read, or NotFoundError (also for another user's template: no hint that it exists). */
export async function findVisibleTemplate(db: Db, userId: string, id: string) {
  if (!isTemplateId(id)) throw new NotFoundError('Template');
  const row = await db.template.findFirst({ where: { id, ...visibleTo(userId).templates } });
  if (!row) throw new NotFoundError('Template');
  return row;
}

export async function getTemplateDetail(db: Db, userId: string, id: string): Promise<TemplateDetail> {
  const row = await findVisibleTemplate(db, userId, id);
  const owner = row.builtin ? { userId: null, builtin: true } : row.sourceId ? { userId: null, sourceId: row.sourceId } : { userId };
  const source = row.sourceId ? await db.catalogueSource.findUnique({ where: { id: row.sourceId }, select: { id: true, name: true, url: true } }) : null;
  const [siblings, creating] = await Promise.all([
    db.template.findMany({ where: { ...owner, slug: row.slug }, select: { id: true, version: true, createdAt: true, _count: { select: { containers: true } } } }),
    db.container.count({ where: { templateId: row.id, lifecycle: 'creating' } }),
  ]);
  const versions = siblings.map((s) => ({ id: s.id, version: s.version, createdAt: s.createdAt, containers: s._count.containers })).sort((a, b) => compareSemver(b.version, a.version));
  return {
    id: row.id,
    builtin: row.builtin,
    provenance: source ? { sourceId: source.id, sourceName: source.name, sourceUrl: source.url, path: row.sourcePath, commit: row.sourceCommit, contentHash: row.contentHash } : null,
    template: assertTemplate(row.spec),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    containers: versions.find((v) => v.id === row.id)?.containers ?? 0,
    creating,
    versions,
  };
}

/** A slug of the user's that is still free at `version`: `base-copy`, then `base-copy-2`, ... */
export async function freeSlug(db: Db, userId: string, wanted: string, version: string): Promise<string> {
  const taken = new Set((await db.template.findMany({ where: { ...ownedBy(userId).templates, version, slug: { startsWith: wanted } }, select: { slug: true } })).map((r) => r.slug));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
