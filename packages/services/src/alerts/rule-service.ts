import { NotFoundError, ValidationError } from '@kiln/core';
import type { AlertKind, AlertScope, Db } from '@kiln/db';
import { z } from 'zod';
import { SEVERITIES } from './quiet';
import { ALERT_KINDS, DEFAULT_RULES, type EffectiveRule } from './rules';

export const ruleInputSchema = z
  .object({
    kind: z.enum(ALERT_KINDS),
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
    /** storage_full: days-to-full threshold; backup_age, updates_pending: age in days. null: the built-in value. */
    days: z.number().min(0.1, 'At least 0.1 days.').max(365, 'At most 365 days.').nullable().default(null),
    /** null: the kind's built-in severity. */
    severity: z.enum(SEVERITIES).nullable().default(null),
    /** Empty: all the user's channels. */
    channelIds: z.array(z.uuid()).max(20).default([]),
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
  // A narrower rule names one of the user's own nodes (a container: "<node id>:<vmid>").
  if (r.scope === 'node' || r.scope === 'container') {
    const m = /^([0-9a-f-]{36})(?::(\d{3,9}))?$/i.exec(r.scopeRef);
    const nodeOk = m && (r.scope === 'node') === (m[2] === undefined) && (await db.node.count({ where: { id: m[1], userId } })) > 0;
    if (!nodeOk) throw new ValidationError('Check the highlighted fields.', { scopeRef: r.scope === 'node' ? 'Choose one of your nodes.' : 'Choose a node and enter a container id (100 or more).' });
  }
  // Routing names only the user's own channels.
  if (r.channelIds.length) {
    const n = await db.channel.count({ where: { userId, id: { in: r.channelIds } } });
    if (n !== new Set(r.channelIds).size) throw new NotFoundError('The channel');
  }
  const data = {
    enabled: r.enabled,
    trigger: r.trigger,
    clear: r.clear,
    forSeconds: r.forSeconds,
    cooldownSeconds: r.cooldownSeconds,
    days: r.days,
    severity: r.severity,
    channelIds: [...new Set(r.channelIds)],
  };
  return db.alertRule.upsert({ where: { userId_kind_scope_scopeRef: key }, create: { ...key, ...data }, update: data, select: { id: true } });
}

export async function deleteRule(db: Db, userId: string, id: string): Promise<void> {
  await db.alertRule.deleteMany({ where: { id, userId } });
}
