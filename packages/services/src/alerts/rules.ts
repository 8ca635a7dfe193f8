import type { AlertKind, AlertRule, AlertScope } from '@kiln/db';

/** What evaluation needs of a rule (a stored row or a built-in default). */
export interface EffectiveRule {
  kind: AlertKind;
  enabled: boolean;
  trigger: number;
  clear: number;
  forSeconds: number;
  cooldownSeconds: number;
}

/**
 * Built-in rules, on for everyone until a user rule of the same kind says otherwise. Thresholds
 * are percent; the clear threshold sits below the trigger so a value hovering at the trigger
 * does not fire and resolve on every poll.
 */
export const DEFAULT_RULES: Record<AlertKind, EffectiveRule> = {
  container_stopped: { kind: 'container_stopped', enabled: true, trigger: 0, clear: 0, forSeconds: 0, cooldownSeconds: 300 },
  node_offline: { kind: 'node_offline', enabled: true, trigger: 0, clear: 0, forSeconds: 60, cooldownSeconds: 300 },
  cpu: { kind: 'cpu', enabled: true, trigger: 90, clear: 75, forSeconds: 300, cooldownSeconds: 600 },
  memory: { kind: 'memory', enabled: true, trigger: 90, clear: 80, forSeconds: 300, cooldownSeconds: 600 },
  disk: { kind: 'disk', enabled: true, trigger: 90, clear: 85, forSeconds: 60, cooldownSeconds: 3600 },
  operation_failed: { kind: 'operation_failed', enabled: true, trigger: 0, clear: 0, forSeconds: 0, cooldownSeconds: 0 },
  // Fired by the service checks after the check's own consecutive failures; forSeconds adds a minimum duration on top.
  service_down: { kind: 'service_down', enabled: true, trigger: 0, clear: 0, forSeconds: 0, cooldownSeconds: 300 },
};

export const METRIC_KINDS = ['cpu', 'memory', 'disk'] as const satisfies readonly AlertKind[];

/** Where a target sits, for picking the most specific rule. */
export interface RuleTarget {
  /** Kiln node ids that stand for the guest's PVE node (usually one). */
  nodeIds: readonly string[];
  /** Kiln node ids of the cluster (container rules are stored against any of them). */
  clusterNodeIds: readonly string[];
  tags: readonly string[];
  vmid?: number;
}

type RuleRow = Pick<AlertRule, 'kind' | 'scope' | 'scopeRef' | 'enabled' | 'trigger' | 'clear' | 'forSeconds' | 'cooldownSeconds'>;

function effective(row: RuleRow): EffectiveRule {
  const base = DEFAULT_RULES[row.kind];
  const trigger = row.trigger ?? base.trigger;
  return {
    kind: row.kind,
    enabled: row.enabled,
    trigger,
    clear: row.clear ?? Math.min(base.clear, trigger),
    forSeconds: row.forSeconds,
    cooldownSeconds: row.cooldownSeconds,
  };
}

/**
 * A user's rules indexed for per-guest lookups: resolving a rule is a few map reads, so a poll
 * of hundreds of guests with every kind stays well under a millisecond per rule.
 */
export class RuleSet {
  private readonly byScope = new Map<string, EffectiveRule>();
  private readonly hasNarrow = new Set<AlertKind>();

  constructor(rows: readonly RuleRow[]) {
    for (const r of rows) {
      this.byScope.set(RuleSet.key(r.kind, r.scope, r.scopeRef), effective(r));
      if (r.scope !== 'user') this.hasNarrow.add(r.kind);
    }
  }

  private static key(kind: AlertKind, scope: AlertScope, ref: string): string {
    return `${kind}\n${scope}\n${ref}`;
  }

  /** The most specific rule of this kind for the target: container > tag > node > user > built-in. */
  ruleFor(kind: AlertKind, target?: RuleTarget): EffectiveRule {
    if (target && this.hasNarrow.has(kind)) {
      if (target.vmid !== undefined) {
        for (const id of target.clusterNodeIds) {
          const r = this.byScope.get(RuleSet.key(kind, 'container', `${id}:${target.vmid}`));
          if (r) return r;
        }
      }
      for (const tag of target.tags) {
        const r = this.byScope.get(RuleSet.key(kind, 'tag', tag));
        if (r) return r;
      }
      for (const id of target.nodeIds) {
        const r = this.byScope.get(RuleSet.key(kind, 'node', id));
        if (r) return r;
      }
    }
    return this.byScope.get(RuleSet.key(kind, 'user', '')) ?? DEFAULT_RULES[kind];
  }
}
