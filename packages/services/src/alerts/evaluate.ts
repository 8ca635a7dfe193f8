import type { AlertKind } from '@kiln/db';
import type { ClusterSnapshot, GuestRow } from '../inventory/snapshot';
import { METRIC_KINDS, type EffectiveRule, type RuleSet, type RuleTarget } from './rules';

/** A condition that holds now and has held long enough: an alert should be open for it. */
export interface FiringCondition {
  key: string;
  kind: AlertKind;
  rule: EffectiveRule;
  title: string;
  detail: string;
  pveNode?: string;
  vmid?: number;
  nodeId?: string;
  tags: readonly string[];
  affected: number;
}

export interface OpenAlertRef {
  id: string;
  conditionKey: string;
  kind: AlertKind;
}

/** A failed Kiln operation to alert on (found by the engine; evaluation only words it). */
export interface FailedOperation {
  id: string;
  kind: string;
  noun: string;
  targetName: string | null;
  vmid: number | null;
  nodeId: string | null;
  message: string | null;
}

export interface EvaluationInput {
  snap: ClusterSnapshot;
  /** The snapshot before this poll (null on the first). */
  prev: ClusterSnapshot | null;
  rules: RuleSet;
  /** Condition key -> since when it holds (ms); the engine keeps it in Redis between polls. Keys starting with `@` are the engine's own. */
  state: ReadonlyMap<string, number>;
  open: readonly OpenAlertRef[];
  /** VMIDs a Kiln operation ran on around this poll: their stops were asked for. */
  operated: ReadonlySet<number>;
  failedOperations: readonly FailedOperation[];
  /** Registered Kiln nodes of the cluster, by PVE node name. */
  nodeIdsByPveName: ReadonlyMap<string, readonly string[]>;
  clusterNodeIds: readonly string[];
  now: number;
}

export interface EvaluationResult {
  fire: FiringCondition[];
  /** Alert ids whose condition no longer holds. */
  resolve: string[];
  state: Map<string, number>;
}

export const conditionKey = {
  container: (clusterKey: string, vmid: number, kind: AlertKind) => `${clusterKey}|ct|${vmid}|${kind}`,
  node: (clusterKey: string, pveNode: string) => `${clusterKey}|node|${pveNode}|node_offline`,
  operation: (operationId: string) => `op|${operationId}|operation_failed`,
};

const METRIC_LABEL: Record<(typeof METRIC_KINDS)[number], string> = { cpu: 'CPU', memory: 'Memory', disk: 'Disk' };

function metricPercent(kind: (typeof METRIC_KINDS)[number], g: GuestRow): number | undefined {
  if (kind === 'cpu') return g.cpu === undefined ? undefined : g.cpu * 100;
  if (kind === 'memory') return g.mem !== undefined && g.maxmem ? (g.mem / g.maxmem) * 100 : undefined;
  return g.disk !== undefined && g.maxdisk ? (g.disk / g.maxdisk) * 100 : undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One evaluation of a user's rules against one cluster poll. Pure: the engine loads what it
 * needs, and applies the result (opens alerts, resolves them, stores the state). Running it twice
 * on the same input gives the same answer, which is what makes two workers safe together with
 * the database's one-open-alert-per-condition constraint.
 */
export function evaluateCluster(input: EvaluationInput): EvaluationResult {
  const { snap, prev, rules, now } = input;
  const ck = snap.clusterKey;
  const state = new Map(input.state);
  const openByKey = new Map(input.open.map((a) => [a.conditionKey, a]));
  const fire: FiringCondition[] = [];
  const holds = new Set<string>();
  const nodeIdsOf = (pveNode: string) => input.nodeIdsByPveName.get(pveNode) ?? [];
  const target = (g: GuestRow): RuleTarget => ({ nodeIds: nodeIdsOf(g.node), clusterNodeIds: input.clusterNodeIds, tags: g.tags, vmid: g.vmid });

  /** The condition holds now: fire once it has held for the rule's minimum duration. */
  const hold = (cond: Omit<FiringCondition, 'rule'> & { rule: EffectiveRule }) => {
    holds.add(cond.key);
    if (openByKey.has(cond.key)) return;
    const since = state.get(cond.key) ?? now;
    state.set(cond.key, since);
    if (now - since >= cond.rule.forSeconds * 1000) fire.push(cond);
  };

  // Nodes: offline when PVE says so. When no node of the cluster answers at all, Kiln cannot tell
  // one from another: one alert for all of them ("node pve1 down" for a single node).
  const unreachable = snap.error !== undefined && snap.fetchedAt !== snap.attemptedAt;
  const downNodes = new Set<string>();
  const countOn = (names: ReadonlySet<string>) => snap.guests.filter((g) => names.has(g.node) && g.type === 'lxc' && !g.template && g.status !== 'stopped').length;
  if (unreachable && snap.nodes.length > 0) {
    const names = snap.nodes.map((n) => n.node);
    for (const n of names) downNodes.add(n);
    const rule = rules.ruleFor('node_offline', { nodeIds: names.flatMap(nodeIdsOf), clusterNodeIds: input.clusterNodeIds, tags: [] });
    if (rule.enabled) {
      const affected = countOn(downNodes);
      const single = names.length === 1 ? names[0] : undefined;
      hold({
        key: conditionKey.node(ck, single ?? '*'),
        kind: 'node_offline',
        rule,
        title: `${single ? `Node ${single}` : `Cluster (${names.join(', ')})`} down, ${plural(affected, 'container')} affected`,
        detail: `Kiln cannot reach ${single ? 'the node' : 'any node of the cluster'}: ${snap.error ?? 'no answer'}`,
        pveNode: single,
        nodeId: single ? nodeIdsOf(single)[0] : undefined,
        tags: [],
        affected,
      });
    }
  } else {
    for (const n of snap.nodes) {
      if (n.status === 'online') continue;
      downNodes.add(n.node);
      const rule = rules.ruleFor('node_offline', { nodeIds: nodeIdsOf(n.node), clusterNodeIds: input.clusterNodeIds, tags: [] });
      if (!rule.enabled) continue;
      const affected = countOn(new Set([n.node]));
      hold({
        key: conditionKey.node(ck, n.node),
        kind: 'node_offline',
        rule,
        title: `Node ${n.node} down, ${plural(affected, 'container')} affected`,
        detail: `Proxmox VE reports node ${n.node} as ${n.status}.`,
        pveNode: n.node,
        nodeId: nodeIdsOf(n.node)[0],
        tags: [],
        affected,
      });
    }
  }
  // A node that was down (or just came back) takes its containers' stops with it: one alert, not one per guest.
  const nodeAlertOpen = new Set(input.open.filter((a) => a.kind === 'node_offline').map((a) => a.conditionKey));
  const groupedNode = (pveNode: string) => downNodes.has(pveNode) || nodeAlertOpen.has(conditionKey.node(ck, pveNode)) || nodeAlertOpen.has(conditionKey.node(ck, '*'));

  const prevStatus = new Map<number, string>();
  for (const g of prev?.guests ?? []) prevStatus.set(g.vmid, g.status);

  if (!unreachable) {
    for (const g of snap.guests) {
      if (g.type !== 'lxc' || g.template || groupedNode(g.node)) continue;
      const t = target(g);
      // Stopped behind Kiln's back: running before, stopped now, no Kiln operation and no PVE lock (backup, migration).
      const stoppedKey = conditionKey.container(ck, g.vmid, 'container_stopped');
      if (g.status === 'stopped') {
        const rule = rules.ruleFor('container_stopped', t);
        const wasRunning = prevStatus.get(g.vmid) === 'running';
        const tracked = state.has(stoppedKey) || openByKey.has(stoppedKey);
        if (rule.enabled && (tracked || (wasRunning && !input.operated.has(g.vmid) && !g.lock))) {
          hold({
            key: stoppedKey,
            kind: 'container_stopped',
            rule,
            title: `${g.name} (CT ${g.vmid}) stopped unexpectedly`,
            detail: `CT ${g.vmid} on ${g.node} was running and stopped without a Kiln action.`,
            pveNode: g.node,
            vmid: g.vmid,
            nodeId: nodeIdsOf(g.node)[0],
            tags: g.tags,
            affected: 0,
          });
        }
      }
      if (g.status !== 'running') continue;
      for (const kind of METRIC_KINDS) {
        const rule = rules.ruleFor(kind, t);
        if (!rule.enabled) continue;
        const value = metricPercent(kind, g);
        if (value === undefined) continue;
        const key = conditionKey.container(ck, g.vmid, kind);
        // Hysteresis: an open alert stays open until the value falls below the clear threshold.
        const above = openByKey.has(key) ? value >= rule.clear : value >= rule.trigger;
        if (!above) continue;
        hold({
          key,
          kind,
          rule,
          title: `${METRIC_LABEL[kind]} of ${g.name} (CT ${g.vmid}) above ${rule.trigger}%`,
          detail: `${METRIC_LABEL[kind]} at ${value.toFixed(0)}% (trigger ${rule.trigger}%, clears below ${rule.clear}%).`,
          pveNode: g.node,
          vmid: g.vmid,
          nodeId: nodeIdsOf(g.node)[0],
          tags: g.tags,
          affected: 0,
        });
      }
    }
  }

  for (const op of input.failedOperations) {
    const rule = rules.ruleFor('operation_failed');
    if (!rule.enabled) continue;
    const key = conditionKey.operation(op.id);
    if (openByKey.has(key)) continue;
    fire.push({
      key,
      kind: 'operation_failed',
      rule,
      title: `${op.noun} of ${op.targetName ?? (op.vmid ? `CT ${op.vmid}` : 'a container')} failed`,
      detail: op.message ?? 'The operation failed.',
      vmid: op.vmid ?? undefined,
      nodeId: op.nodeId ?? undefined,
      tags: [],
      affected: 0,
    });
  }

  // Whatever stopped holding is forgotten; its open alert resolves. Operation failures stay
  // open until acknowledged (nothing "clears" them); the engine asks for each failure once.
  const resolve: string[] = [];
  for (const a of input.open) {
    if (a.kind === 'operation_failed') continue;
    // A cluster Kiln cannot read says nothing about its guests: keep their alerts as they are.
    if (unreachable && a.kind !== 'node_offline') continue;
    if (!holds.has(a.conditionKey)) resolve.push(a.id);
  }
  for (const key of [...state.keys()]) {
    if (holds.has(key) || key.startsWith('@')) continue;
    if (unreachable && !key.includes('|node|')) continue;
    state.delete(key);
  }
  return { fire, resolve, state };
}
