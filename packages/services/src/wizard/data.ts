import { compareVersions, templateSchema, type Template } from '@kiln/core/templates';
import type { Db } from '@kiln/db';
import { allows, visibleNodes } from '../nodes/access';
import { visibleTo } from '../scopes';
import { ensureBuiltinTemplates } from '../templates/sync';

/** What the wizard needs of a template: no step bodies, just the form's defaults and params. */
export interface WizardTemplate {
  id: string;
  name: string;
  slug: string;
  version: string;
  icon: string;
  description: string;
  builtin: boolean;
  os: Template['os'];
  defaults: Template['defaults'];
  params: Template['params'];
  postInstall?: string;
}

/** The new-container wizard's choices: one card per template, and the nodes the user may create on. */
export async function wizardData(db: Db, userId: string, preselect?: string) {
  await ensureBuiltinTemplates(db);
  const [rows, nodes] = await Promise.all([
    db.template.findMany({
      where: visibleTo(userId).templates,
      orderBy: [{ builtin: 'desc' }, { name: 'asc' }, { createdAt: 'desc' }],
      select: { id: true, builtin: true, sourceId: true, spec: true },
    }),
    visibleNodes(db, userId),
  ]);
  // One card per template: its newest version, or the version a template page asked to deploy.
  const byKey = new Map<string, WizardTemplate>();
  for (const r of rows) {
    const parsed = templateSchema.safeParse(r.spec);
    if (!parsed.success) continue;
    const t = parsed.data;
    const entry: WizardTemplate = {
      id: r.id,
      name: t.name,
      slug: t.slug,
      version: t.version,
      icon: t.icon,
      description: t.description,
      builtin: r.builtin,
      os: t.os,
      defaults: t.defaults,
      params: t.params,
      postInstall: t.postInstall,
    };
    // A source's app and the user's own template may share a slug: one card each.
    const key = `${r.builtin ? 'builtin' : r.sourceId ? `source:${r.sourceId}` : 'mine'}:${t.slug}`;
    const seen = byKey.get(key);
    if (!seen || (seen.id !== preselect && (r.id === preselect || compareVersions(t.version, seen.version) > 0))) byKey.set(key, entry);
  }
  const templates = [...byKey.values()];
  return {
    templates,
    // Creating needs operator access: nodes shared read-only are not offered.
    nodes: nodes
      .filter((n) => allows(n.access, 'operator'))
      .map((n) => ({
        id: n.id,
        name: n.name,
        pveNodeName: n.pveNodeName,
        clusterName: n.clusterName,
        sshState: n.sshState,
        isDefault: n.isDefault,
        sharedBy: n.access === 'owner' ? undefined : n.ownerName,
      })),
  };
}
export type WizardData = Awaited<ReturnType<typeof wizardData>>;
