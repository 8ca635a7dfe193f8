import type { AlertKind, AlertRule, AlertScope, AlertSeverity } from '@kiln/db';

/** What evaluation needs of a rule (a stored row or a built-in default). */
export interface EffectiveRule {
  kind: AlertKind;
  enabled: boolean;
  trigger: number;
  clear: number;
  forSeconds: number;
  cooldownSeconds: number;
  /** storage_full: days-to-full threshold; backup_age and updates_pending: age in days. */
  days: number;
  severity: AlertSeverity;
  /** Empty: all the user's channels. */
  channelIds: readonly string[];
}

/**
 * Built-in rules, on for everyone until a user rule of the same kind says otherwise. Thresholds
 * are percent; the clear threshold sits below the trigger so a value hovering at the trigger
 * does not fire and resolve on every poll.
 */
export const DEFAULT_RULES: Record<AlertKind, EffectiveRule> = {
  container_stopped: builtIn('container_stopped', 'warning', { forSeconds: 0, cooldownSeconds: 300 }),
  node_offline: builtIn('node_offline', 'critical', { forSeconds: 60, cooldownSeconds: 300 }),
  cpu: builtIn('cpu', 'warning', { trigger: 90, clear: 75, forSeconds: 300, cooldownSeconds: 600 }),
  memory: builtIn('memory', 'warning', { trigger: 90, clear: 80, forSeconds: 300, cooldownSeconds: 600 }),
  disk: builtIn('disk', 'warning', { trigger: 90, clear: 85, forSeconds: 60, cooldownSeconds: 3600 }),
  operation_failed: builtIn('operation_failed', 'warning', { forSeconds: 0, cooldownSeconds: 0 }),
  swap: builtIn('swap', 'warning', { trigger: 80, clear: 60, forSeconds: 300, cooldownSeconds: 600 }),
  // Off until the user turns it on for the containers that must run: a container stopped on
  // purpose is no fault (an unexpected stop is `container_stopped`, on by default).
  not_running: builtIn('not_running', 'critical', { enabled: false, forSeconds: 600, cooldownSeconds: 600 }),
  storage_full: builtIn('storage_full', 'warning', { trigger: 90, clear: 85, days: 7, forSeconds: 0, cooldownSeconds: 3600 }),
  backup_age: builtIn('backup_age', 'warning', { days: 7, forSeconds: 0, cooldownSeconds: 3600 }),
  // A backup task Kiln did not start (PVE's scheduled jobs): Kiln's own failed backups are operation_failed.
  backup_failed: builtIn('backup_failed', 'warning', { forSeconds: 0, cooldownSeconds: 0 }),
  updates_pending: builtIn('updates_pending', 'info', { days: 7, forSeconds: 0, cooldownSeconds: 3600 }),
  // Fired by the service checks after the check's own consecutive failures; forSeconds adds a minimum duration on top.
  service_down: builtIn('service_down', 'warning', { forSeconds: 0, cooldownSeconds: 300 }),
};

function builtIn(kind: AlertKind, severity: AlertSeverity, r: Partial<EffectiveRule> & Pick<EffectiveRule, 'forSeconds' | 'cooldownSeconds'>): EffectiveRule {
  return { kind, enabled: true, trigger: 0, clear: 0, days: 0, severity, channelIds: [], ...r };
}

/** What a kind's thresholds mean, for the rules editor (which fields it shows). */
export const KIND_FIELDS: Record<AlertKind, { percent: boolean; days: 'none' | 'age' | 'days-to-full' }> = {
  container_stopped: { percent: false, days: 'none' },
  node_offline: { percent: false, days: 'none' },
  cpu: { percent: true, days: 'none' },
  memory: { percent: true, days: 'none' },
  disk: { percent: true, days: 'none' },
  operation_failed: { percent: false, days: 'none' },
  swap: { percent: true, days: 'none' },
  not_running: { percent: false, days: 'none' },
  storage_full: { percent: true, days: 'days-to-full' },
  backup_age: { percent: false, days: 'age' },
  backup_failed: { percent: false, days: 'none' },
  updates_pending: { percent: false, days: 'age' },
  service_down: { percent: false, days: 'none' },
};

export const ALERT_KINDS = Object.keys(DEFAULT_RULES) as [AlertKind, ...AlertKind[]];

export const METRIC_KINDS = ['cpu', 'memory', 'disk', 'swap'] as const satisfies readonly AlertKind[];

/** Where a target sits, for picking the most specific rule. */
export interface RuleTarget {
  /** Kiln node ids that stand for the guest's PVE node (usually one). */
  nodeIds: readonly string[];
  /** Kiln node ids of the cluster (container rules are stored against any of them). */
  clusterNodeIds: readonly string[];
  tags: readonly string[];
  vmid?: number;
}

type RuleRow = Pick<AlertRule, 'kind' | 'scope' | 'scopeRef' | 'enabled' | 'trigger' | 'clear' | 'forSeconds' | 'cooldownSeconds'> & Partial<Pick<AlertRule, 'days' | 'severity' | 'channelIds'>>;

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
    days: row.days ?? base.days,
    severity: row.severity ?? base.severity,
    channelIds: row.channelIds ?? [],
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
