import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { findRepoRoot } from '@kiln/config';
import { loadBuiltinTemplates } from '@kiln/core/templates/catalogue';
import type { Template } from '@kiln/core/templates';
import type { Db } from '@kiln/db';

/** packages/core/templates, found from the repository root (bundled code cannot use import.meta.url). */
export function builtinTemplatesDir(): string {
  const root = findRepoRoot() ?? process.cwd();
  return path.join(/*turbopackIgnore: true*/ root, 'packages/core/templates');
}

const g = globalThis as unknown as { __kilnTemplatesSynced?: string; __kilnTemplatesFiles?: string };

/** Names, sizes and mtimes of the built-in files: a stat per file, where loading them costs tens of ms. */
function filesKey(dir: string): string {
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join('/');
}

/**
 * syncBuiltinTemplates for page views: loads and compares the files only when they changed on
 * disk since the last sync of this process (every catalogue, template and wizard view asks).
 */
export async function ensureBuiltinTemplates(db: Db): Promise<void> {
  const dir = builtinTemplatesDir();
  // The digest too: a sync of other templates in between (tests do that) means loading again.
  const key = `${filesKey(dir)}|${g.__kilnTemplatesSynced ?? ''}`;
  if (g.__kilnTemplatesFiles === key) return;
  await syncBuiltinTemplates(db, loadBuiltinTemplates(dir));
  g.__kilnTemplatesFiles = `${filesKey(dir)}|${g.__kilnTemplatesSynced ?? ''}`;
}

/**
 * Makes the built-in catalogue available as Template rows (userId null, builtin), one row per
 * slug and version. New versions are added; old versions stay for containers made from them.
 */
export async function syncBuiltinTemplates(db: Db, templates: Template[] = loadBuiltinTemplates(builtinTemplatesDir())): Promise<number> {
  const digest = createHash('sha256').update(JSON.stringify(templates)).digest('hex');
  if (g.__kilnTemplatesSynced === digest) return 0;
  let changed = 0;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kiln:builtin-templates'))`;
    for (const t of templates) {
      const existing = await tx.template.findFirst({ where: { userId: null, builtin: true, slug: t.slug, version: t.version }, select: { id: true, spec: true } });
      const data = { name: t.name, description: t.description, icon: t.icon, tags: t.tags, builtin: true, spec: t as object };
      if (!existing) {
        await tx.template.create({ data: { ...data, slug: t.slug, version: t.version } });
        changed++;
      } else if (!isDeepStrictEqual(existing.spec, JSON.parse(JSON.stringify(t)))) {
        // By value: PostgreSQL's jsonb hands keys back in its own order, so comparing JSON text
        // rewrote every built-in (and bumped updatedAt) at each process start.
        await tx.template.update({ where: { id: existing.id }, data });
        changed++;
      }
    }
  });
  g.__kilnTemplatesSynced = digest;
  return changed;
}
