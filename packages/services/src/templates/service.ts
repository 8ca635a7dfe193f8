/**
 * Changes to a user's templates: create, import, clone, edit (in place or as a new version),
 * delete, export. Built-ins are read-only; another user's templates do not exist for the caller.
 * Every change is written to the audit log.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '@kiln/core';
import { parseTemplateText, serializeTemplate, TemplateValidationError, validateTemplate, type Template, type TemplateFormat, type TemplateIssue } from '@kiln/core/templates';
import { recordAudit, type Db } from '@kiln/db';
import type { Actor } from '../nodes/service';
import { ownedBy } from '../scopes';
import { findVisibleTemplate, freeSlug } from './queries';
import { compareSemver, nextPatch } from './semver';

export type ImportResult = { ok: true; id: string } | { ok: false; errors: TemplateIssue[]; conflict?: { slug: string; version: string } };

export interface CloneOptions {
  /** Defaults to `<slug>-copy` (or the next free `-copy-N`). */
  slug?: string;
  name?: string;
  /** Keep the source's version, or start the copy at 1.0.0. */
  version: 'keep' | 'reset';
}

export interface SaveResult {
  id: string;
  /** True when the save made a new version (a new row) instead of changing the template in place. */
  newVersion: boolean;
}

const SLUG_MAX = 63;
const BUILTIN_READ_ONLY = 'Built-in templates cannot be changed. Clone it to get a copy you can edit.';

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}

function exists(slug: string, version: string): string {
  return `You already have ${slug} ${version}. Choose another version (or slug).`;
}

export class TemplateService {
  constructor(private readonly db: Db) {}

  /** A validated document becomes a new template of the user's. */
  async create(actor: Actor, document: unknown): Promise<SaveResult> {
    const template = this.validOrThrow(document);
    const id = await this.insert(actor, template, 'version');
    await this.audit(actor, 'template.create', id, template);
    return { id, newVersion: false };
  }

  /** Template text (YAML or JSON) becomes the user's; every problem comes back with its path and line. */
  async importText(actor: Actor, text: string, options: { format?: TemplateFormat; slug?: string; version?: string } = {}): Promise<ImportResult> {
    const parsed = parseTemplateText(text, { format: options.format });
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    let template = parsed.template;
    if (options.slug || options.version) {
      // "Import as": the user renamed a conflicting slug or version on the form.
      const r = validateTemplate({ ...template, slug: options.slug || template.slug, version: options.version || template.version });
      if (!r.ok) return { ok: false, errors: r.errors, conflict: { slug: options.slug || template.slug, version: options.version || template.version } };
      template = r.template;
    }
    if (await this.taken(actor.id, template.slug, template.version)) {
      return { ok: false, errors: [{ path: 'version', message: exists(template.slug, template.version) }], conflict: { slug: template.slug, version: template.version } };
    }
    try {
      const id = await this.insert(actor, template, 'version');
      await this.audit(actor, 'template.import', id, template);
      return { ok: true, id };
    } catch (e) {
      if (e instanceof ConflictError)
        return { ok: false, errors: [{ path: 'version', message: exists(template.slug, template.version) }], conflict: { slug: template.slug, version: template.version } };
      throw e;
    }
  }

  /** An editable copy (of a built-in or of one's own template), owned by the caller. */
  async clone(actor: Actor, sourceId: string, options: CloneOptions): Promise<SaveResult> {
    const source = await findVisibleTemplate(this.db, actor.id, sourceId);
    const original = this.validOrThrow(source.spec);
    const version = options.version === 'reset' ? '1.0.0' : original.version;
    const slug = options.slug || (await freeSlug(this.db, actor.id, `${original.slug.slice(0, SLUG_MAX - 5)}-copy`, version));
    const name = options.name?.trim() || `${original.name} (copy)`.slice(0, 80);
    const template = this.validOrThrow({ ...original, slug, name, version });
    const id = await this.insert(actor, template, 'slug');
    await this.audit(actor, 'template.create', id, template, { clonedFrom: `${original.slug}@${original.version}`, builtin: source.builtin });
    return { id, newVersion: false };
  }

  /**
   * Saves an edited document. The same version changes the template in place, unless containers
   * were made from it (a used version stays as it was: save it as a new version instead). Another
   * version adds a new row next to the old one. The slug stays: a new slug is a clone.
   */
  async update(actor: Actor, id: string, document: unknown): Promise<SaveResult> {
    const row = await this.ownRowOrThrow(actor.id, id);
    const template = this.validOrThrow(document);
    if (template.slug !== row.slug) {
      const msg = `The slug stays ${row.slug} when editing. Clone the template to use another slug.`;
      throw new ConflictError(msg, { slug: msg });
    }
    if (template.version !== row.version) {
      const newId = await this.insert(actor, template, 'version');
      await this.audit(actor, 'template.update', newId, template, { previousVersion: row.version, previousId: row.id });
      return { id: newId, newVersion: true };
    }
    const used = await this.db.container.count({ where: { templateId: row.id } });
    if (used > 0) {
      const suggestion = await this.suggestVersion(actor.id, row.slug);
      const msg = `${used} container${used === 1 ? ' was' : 's were'} made from ${row.version}, so it stays as it is: save your changes as a new version (e.g. ${suggestion}).`;
      throw new ConflictError(msg, { version: msg });
    }
    await this.db.template.update({ where: { id: row.id }, data: this.columns(template) });
    await this.audit(actor, 'template.update', row.id, template);
    return { id: row.id, newVersion: false };
  }

  /**
   * Deletes one version of the user's template. Containers made from it keep their provenance
   * (slug and version are a snapshot on the container row); one still being created needs it.
   */
  async remove(actor: Actor, id: string): Promise<{ containers: number }> {
    const row = await this.ownRowOrThrow(actor.id, id);
    const [creating, containers] = await Promise.all([this.db.container.count({ where: { templateId: row.id, lifecycle: 'creating' } }), this.db.container.count({ where: { templateId: row.id } })]);
    if (creating > 0) throw new ConflictError('A container is being created from this template right now. Delete it once that creation has finished.');
    await this.db.template.delete({ where: { id: row.id } });
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'template.delete',
      outcome: 'success',
      targetType: 'template',
      targetId: row.id,
      targetName: `${row.slug}@${row.version}`,
      ip: actor.ip,
      detail: { containers },
    });
    return { containers };
  }

  /** The template as a file the user can keep or import elsewhere (built-ins and one's own). */
  async exportFile(userId: string, id: string, format: TemplateFormat): Promise<{ filename: string; contentType: string; body: string }> {
    const row = await findVisibleTemplate(this.db, userId, id);
    const template = this.validOrThrow(row.spec);
    return {
      filename: `${template.slug}-${template.version}.${format === 'json' ? 'json' : 'yaml'}`,
      contentType: format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8',
      body: serializeTemplate(template, format),
    };
  }

  /** The next patch after the newest version the user has of `slug`. */
  async suggestVersion(userId: string, slug: string): Promise<string> {
    const versions = (await this.db.template.findMany({ where: { ...ownedBy(userId).templates, slug }, select: { version: true } })).map((r) => r.version);
    const newest = versions.sort(compareSemver).at(-1) ?? '1.0.0';
    return nextPatch(newest);
  }

  private validOrThrow(document: unknown): Template {
    const r = validateTemplate(document);
    if (!r.ok) throw new TemplateValidationError(r.errors);
    return r.template;
  }

  /** The caller's own template; built-ins are refused, other users' templates are not found. */
  private async ownRowOrThrow(userId: string, id: string) {
    const row = await findVisibleTemplate(this.db, userId, id);
    if (row.builtin || row.userId === null) throw new ForbiddenError(BUILTIN_READ_ONLY);
    if (row.userId !== userId) throw new NotFoundError('Template');
    return row;
  }

  private taken(userId: string, slug: string, version: string): Promise<boolean> {
    return this.db.template.count({ where: { ...ownedBy(userId).templates, slug, version } }).then((n) => n > 0);
  }

  private columns(t: Template) {
    return { name: t.name, description: t.description, icon: t.icon, tags: t.tags, spec: t as object };
  }

  /** Inserts the user's row; a slug+version they already have is a conflict on `field`. */
  private async insert(actor: Actor, t: Template, field: 'slug' | 'version'): Promise<string> {
    const conflict = () => new ConflictError(exists(t.slug, t.version), { [field]: exists(t.slug, t.version) });
    if (await this.taken(actor.id, t.slug, t.version)) throw conflict();
    try {
      const row = await this.db.template.create({ data: { ...this.columns(t), userId: actor.id, slug: t.slug, version: t.version, builtin: false }, select: { id: true } });
      return row.id;
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(); // a concurrent save won the race
      throw e;
    }
  }

  private audit(actor: Actor, action: string, id: string, t: Template, detail?: Record<string, string | boolean>): Promise<void> {
    return recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action,
      outcome: 'success',
      targetType: 'template',
      targetId: id,
      targetName: `${t.slug}@${t.version}`,
      ip: actor.ip,
      detail,
    });
  }
}
