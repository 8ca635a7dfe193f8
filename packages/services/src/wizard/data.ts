import { templateSchema, type Template } from '@kiln/core/templates';
import type { Db } from '@kiln/db';
import { allows, visibleNodes } from '../nodes/access';
import { findVisibleTemplate } from '../templates/queries';
import { visibleCards } from '../templates/search';
import { ensureBuiltinTemplates } from '../templates/sync';

/**
 * One choice on the wizard's template step, from the catalogue's light index (no spec): a
 * thousand of these are what the page carries, so nothing here grows with a template's steps.
 */
export interface WizardChoice {
  id: string;
  name: string;
  slug: string;
  version: string;
  icon: string | null;
  /** The first 160 characters: the card shows two lines. */
  description: string;
  builtin: boolean;
  /** The catalogue source's name for a synced template; null for built-ins and the user's own. */
  source: string | null;
  os: string | null;
  cores: number | null;
  memory: number | null;
  disk: number | null;
}

/** The chosen template as the form needs it (defaults and params), loaded when it is chosen. */
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

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One template the user may see, for the wizard's form, or NotFoundError. */
export async function wizardTemplate(db: Db, userId: string, id: string): Promise<WizardTemplate> {
  const row = await findVisibleTemplate(db, userId, id);
  const t = templateSchema.parse(row.spec);
  return {
    id: row.id,
    name: t.name,
    slug: t.slug,
    version: t.version,
    icon: t.icon,
    description: t.description,
    builtin: row.builtin,
    os: t.os,
    defaults: t.defaults,
    params: t.params,
    postInstall: t.postInstall,
  };
}

/**
 * The new-container wizard's choices: one per template (its newest version), the nodes the user
 * may create on, and the full form data of the template a template page asked to deploy (any
 * version of it). The others load one at a time when picked (wizardTemplate).
 */
export async function wizardData(db: Db, userId: string, preselect?: string) {
  await ensureBuiltinTemplates(db);
  const [cards, nodes, chosen] = await Promise.all([visibleCards(db, userId), visibleNodes(db, userId), preselect ? wizardTemplate(db, userId, preselect).catch(() => undefined) : undefined]);
  const templates: WizardChoice[] = cards.map((c) => ({
    id: c.id,
    name: c.name,
    slug: c.slug,
    version: c.version,
    icon: c.icon,
    description: clip(c.description, 160),
    builtin: c.builtin,
    source: c.source?.name ?? null,
    os: c.os,
    cores: c.cores,
    memory: c.memory,
    disk: c.disk,
  }));
  if (chosen && !templates.some((c) => c.id === chosen.id)) {
    // An older version, asked for by its template page: it stands in for the newest of its slug.
    const row = await db.template.findUnique({ where: { id: chosen.id }, select: { source: { select: { name: true } } } });
    const source = row?.source?.name ?? null;
    const at = templates.findIndex((c) => c.slug === chosen.slug && c.builtin === chosen.builtin && c.source === source);
    const choice: WizardChoice = {
      ...chosen,
      description: clip(chosen.description, 160),
      source,
      os: chosen.os.distribution,
      cores: chosen.defaults.cores,
      memory: chosen.defaults.memory,
      disk: chosen.defaults.disk,
    };
    if (at >= 0) templates[at] = choice;
    else templates.unshift(choice);
  }
  return {
    templates,
    chosen,
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
