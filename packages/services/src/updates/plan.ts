/**
 * Which template versions a Kiln-made container can move to, and the update rendered for it: the
 * target version's `update` steps and healthcheck with the container's own params (secrets only
 * on stdin, redacted from output), exactly as a creation renders its steps.
 */
import { renderHealthcheck, renderSteps, secretRedactor, templateSchema, type RenderContext, type RenderedHealthcheck, type RenderedStep, type Template } from '@kiln/core/templates';
import type { Container, Db } from '@kiln/db';
import { outputRedactor, type OutputRedactor } from '../provisioning/render';
import { containerSpecSchema } from '../provisioning/spec';
import { visibleTo } from '../scopes';
import { secretBox } from '../secrets';
import { compareSemver } from '../templates/semver';

export interface TemplateVersionInfo {
  id: string;
  version: string;
  changelog?: string;
}

export interface TemplateUpdateInfo {
  slug: string;
  current: string;
  /** Newer versions, oldest first; the last is the newest. Empty: up to date. */
  newer: TemplateVersionInfo[];
}

/**
 * The rows that count as newer versions of the container's template: same slug, and from the same
 * place as the one it was made from (the user's own, the built-ins, or the same catalogue source),
 * so a user's template of the same name never passes for an update of a built-in.
 */
export async function templateUpdateInfo(db: Db, userId: string, container: Pick<Container, 'templateId' | 'templateSlug' | 'templateVersion'>): Promise<TemplateUpdateInfo | undefined> {
  if (!container.templateSlug || !container.templateVersion) return undefined;
  const origin = container.templateId ? await db.template.findUnique({ where: { id: container.templateId }, select: { userId: true, builtin: true, sourceId: true } }) : null;
  const rows = await db.template.findMany({
    where: {
      slug: container.templateSlug,
      ...visibleTo(userId).templates,
      ...(origin ? { AND: [{ userId: origin.userId, builtin: origin.builtin, sourceId: origin.sourceId }] } : {}),
    },
    select: { id: true, version: true, spec: true },
  });
  const current = container.templateVersion;
  const newer = rows
    .filter((r) => compareSemver(r.version, current) > 0)
    .sort((a, b) => compareSemver(a.version, b.version))
    .map((r) => {
      const changelog = r.spec && typeof r.spec === 'object' ? (r.spec as Record<string, unknown>)['changelog'] : undefined;
      return { id: r.id, version: r.version, ...(typeof changelog === 'string' ? { changelog } : {}) };
    });
  return { slug: container.templateSlug, current, newer };
}

/** The container's secret param values (decrypted in the worker only). */
export function containerSecrets(container: Pick<Container, 'id' | 'secretsEnc'>): Record<string, string> {
  return container.secretsEnc ? (JSON.parse(secretBox().open(container.secretsEnc, { table: 'Container', id: container.id, field: 'secrets' })) as Record<string, string>) : {};
}

export interface UpdatePlan {
  steps: RenderedStep[];
  healthcheck?: RenderedHealthcheck;
  redact(text: string): string;
  streamRedactor(): OutputRedactor;
}

/** A template's update steps and healthcheck for this container (`phase: none` renders the healthcheck alone). */
export function renderUpdatePlan(template: Template, container: Pick<Container, 'id' | 'secretsEnc' | 'spec' | 'ip' | 'hostname' | 'vmid'>, phase: 'update' | 'none'): UpdatePlan {
  const spec = containerSpecSchema.parse(container.spec);
  const secrets = containerSecrets(container);
  const ctx: RenderContext = { params: { ...spec.params, ...secrets }, container: { hostname: container.hostname, ip: container.ip ?? '', vmid: container.vmid } };
  const redactor = secretRedactor(Object.values(secrets).filter((s) => s.length > 0));
  return {
    steps: phase === 'update' ? renderSteps(template, ctx, { phase: 'update' }) : [],
    healthcheck: renderHealthcheck(template, ctx),
    redact: redactor.redact,
    streamRedactor: () => outputRedactor(redactor.stream),
  };
}

export async function loadTemplate(db: Db, id: string): Promise<Template | undefined> {
  const row = await db.template.findUnique({ where: { id }, select: { spec: true } });
  return row ? templateSchema.parse(row.spec) : undefined;
}
