import {
  renderHealthcheck,
  renderPostInstall,
  renderSteps,
  secretRedactor,
  templateSchema,
  type RenderContext,
  type RenderedHealthcheck,
  type RenderedStep,
  type StreamRedactor,
  type Template,
} from '@kiln/core/templates';
import type { Db } from '@kiln/db';
import type { OutputStream } from '@kiln/ssh';
import { StepFailure } from './errors';
import type { CreationSpec } from './spec';
import { visibleTo } from '../scopes';

export interface RenderedPlan {
  template: Template;
  steps: RenderedStep[];
  healthcheck?: RenderedHealthcheck;
  postInstall?: string;
  /** Replaces every secret value in text (output, errors) before it is stored or shown. */
  redact(text: string): string;
  /** The same for streamed output, where a secret may arrive split across chunks. */
  streamRedactor(): OutputRedactor;
}

/** Redacts a step's streamed output: stdout and stderr each on their own. */
export interface OutputRedactor {
  push(text: string, stream?: OutputStream): string;
  flush(): string;
}

/**
 * stdout and stderr chunks arrive interleaved: a secret printed in two pieces on stdout can have
 * stderr between them, so one redactor over the mixed stream would miss it.
 */
export function outputRedactor(make: () => StreamRedactor): OutputRedactor {
  const streams = new Map<OutputStream, StreamRedactor>();
  return {
    push(text, stream = 'stdout') {
      let r = streams.get(stream);
      if (!r) streams.set(stream, (r = make()));
      return r.push(text);
    },
    flush: () => [...streams.values()].map((r) => r.flush()).join(''),
  };
}

/** The template a creation was made from, exactly as it was then (by id, or by slug + version). */
export async function loadTemplateFor(db: Db, spec: CreationSpec, userId: string): Promise<Template> {
  // By id; if that row was deleted, the same slug and version of the user's own or a built-in one.
  const row =
    (await db.template.findFirst({ where: { id: spec.template.id, ...visibleTo(userId).templates }, select: { spec: true } })) ??
    (await db.template.findFirst({ where: { slug: spec.template.slug, version: spec.template.version, ...visibleTo(userId).templates }, select: { spec: true } }));
  if (!row) throw new StepFailure(`Template ${spec.template.slug} ${spec.template.version} no longer exists.`);
  return templateSchema.parse(row.spec);
}

export function renderPlan(template: Template, input: { spec: CreationSpec; secrets: Record<string, string>; facts: { ip?: string }; containerId: string }): RenderedPlan {
  const params = { ...input.spec.params, ...input.secrets };
  const ctx: RenderContext = { params, container: { hostname: input.spec.hostname, ip: input.facts.ip ?? '', vmid: input.spec.vmid } };
  const redactor = secretRedactor(Object.values(input.secrets).filter((s) => s.length > 0));
  return {
    template,
    steps: renderSteps(template, ctx),
    healthcheck: renderHealthcheck(template, ctx),
    postInstall: renderPostInstall(template, ctx),
    redact: redactor.redact,
    streamRedactor: () => outputRedactor(redactor.stream),
  };
}
