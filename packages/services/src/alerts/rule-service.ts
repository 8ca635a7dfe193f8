import type { AlertKind, AlertScope, Db } from '@kiln/db';
import { z } from 'zod';
import { DEFAULT_RULES, type EffectiveRule } from './rules';

export const ruleInputSchema = z
  .object({
    kind: z.enum(['container_stopped', 'node_offline', 'cpu', 'memory', 'disk', 'operation_failed', 'service_down']),
    scope: z.enum(['user', 'node', 'tag', 'container']).default('user'),
    scopeRef: z.string().trim().max(128).default(''),
    enabled: z.boolean().default(true),
    trigger: z.number().min(1).max(100).nullable().default(null),
    clear: z.number().min(0).max(100).nullable().default(null),
    forSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(0),
    cooldownSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(300),
  })
  .refine((r) => r.trigger === null || r.clear === null || r.clear <= r.trigger, { message: 'The clear threshold must not be above the trigger.', path: ['clear'] })
  .refine((r) => (r.scope === 'user') === (r.scopeRef === ''), { message: 'Choose what the rule applies to.', path: ['scopeRef'] });
export type RuleInput = z.input<typeof ruleInputSchema>;

/** The user's rules, and the built-in default of every kind they did not override. */
export async function listRules(db: Db, userId: string): Promise<{ defaults: EffectiveRule[]; rules: Awaited<ReturnType<Db['alertRule']['findMany']>> }> {
  const rules = await db.alertRule.findMany({ where: { userId }, orderBy: [{ kind: 'asc' }, { scope: 'asc' }] });
  return { defaults: Object.values(DEFAULT_RULES), rules };
}

/** Creates or replaces the rule of (kind, scope, target). */
export async function saveRule(db: Db, userId: string, raw: RuleInput): Promise<{ id: string }> {
  const r = ruleInputSchema.parse(raw);
  const key = { userId, kind: r.kind as AlertKind, scope: r.scope as AlertScope, scopeRef: r.scopeRef };
  const data = { enabled: r.enabled, trigger: r.trigger, clear: r.clear, forSeconds: r.forSeconds, cooldownSeconds: r.cooldownSeconds };
  return db.alertRule.upsert({ where: { userId_kind_scope_scopeRef: key }, create: { ...key, ...data }, update: data, select: { id: true } });
}

export async function deleteRule(db: Db, userId: string, id: string): Promise<void> {
  await db.alertRule.deleteMany({ where: { id, userId } });
}
