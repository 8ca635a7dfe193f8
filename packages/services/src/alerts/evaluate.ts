import type { AlertKind } from '@kiln/db';
import type { ClusterSnapshot, GuestRow, StorageRow } from '../inventory/snapshot';
import { daysToFull, type StorageSample } from './trend';
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

/** What Kiln knows of a cluster's backups (its backup catalog), read about once a minute. */
export interface BackupFacts {
  /** Containers that have backups configured: in a backup job, or with an archive. */
  covered: ReadonlySet<number>;
  /** The newest archive of each container (ms). */
  lastOk: ReadonlyMap<number, number>;
  /** The latest failed backup of each guest by a task Kiln did not start (last 7 days); null when PVE's task lists were unreadable. */
  failed?: ReadonlyMap<number, { at: number; pveNode: string; reason: string; by: string }> | null;
}

/** Containers with security updates pending, and since when (ms). */
export interface PendingUpdates {
  vmid: number;
  security: number;
  since: number;
}

/** Conditions read from slower sources (the backup catalog, update checks) than the poll. */
const SLOW_KINDS = new Set<AlertKind>(['backup_age', 'backup_failed', 'updates_pending']);

const DAY_MS = 86_400_000;

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
  /** Kiln's own samples of each storage's usage (key `node/storage`, or `*\/storage` for a shared one), oldest first. */
  storageSamples?: ReadonlyMap<string, readonly StorageSample[]>;
  /** Absent on polls that did not read them: their alerts and timers stay as they are. */
  backups?: BackupFacts | null;
  updates?: readonly PendingUpdates[] | null;
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
  storage: (clusterKey: string, storageKey: string) => `${clusterKey}|storage|${storageKey}|storage_full`,
};

/** One row per storage: a shared storage (the same on every node) is evaluated once. */
export function storageKeyOf(s: Pick<StorageRow, 'node' | 'storage' | 'shared'>): string {
  return `${s.shared ? '*' : s.node}/${s.storage}`;
}

const KIND_SUFFIX = (key: string): string => key.slice(key.lastIndexOf('|') + 1);

const METRIC_LABEL: Record<(typeof METRIC_KINDS)[number], string> = { cpu: 'CPU', memory: 'Memory', disk: 'Disk', swap: 'Swap' };

function metricPercent(kind: (typeof METRIC_KINDS)[number], g: GuestRow): number | undefined {
  if (kind === 'cpu') return g.cpu === undefined ? undefined : g.cpu * 100;
  if (kind === 'memory') return g.mem !== undefined && g.maxmem ? (g.mem / g.maxmem) * 100 : undefined;
  if (kind === 'swap') return g.swap !== undefined && g.maxswap ? (g.swap / g.maxswap) * 100 : undefined;
  return g.disk !== undefined && g.maxdisk ? (g.disk / g.maxdisk) * 100 : undefined;
}

/** `2026-12-03 02:00` (a time in ms, to the minute). */
const utcMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const minutes = (seconds: number) => (seconds >= 120 ? plural(Math.round(seconds / 60), 'minute') : plural(seconds, 'second'));

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
  /** Timers kept without their condition holding (yet): not forgotten at the end of the poll. */
  const counting = new Set<string>();
  const nodeIdsOf = (pveNode: string) => input.nodeIdsByPveName.get(pveNode) ?? [];
  const target = (g: GuestRow): RuleTarget => ({ nodeIds: nodeIdsOf(g.node), clusterNodeIds: input.clusterNodeIds, tags: g.tags, vmid: g.vmid });

  /** The condition holds now: fire once it has held for the rule's minimum duration. */
  const hold = (cond: FiringCondition, forMs = cond.rule.forSeconds * 1000) => {
    holds.add(cond.key);
    if (openByKey.has(cond.key)) return;
    const since = state.get(cond.key) ?? now;
    state.set(cond.key, since);
    if (now - since >= forMs) fire.push(cond);
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
      // Not running for N minutes, whatever the cause (`stopped` only: `unknown` says nothing).
      if (g.status === 'stopped') {
        const rule = rules.ruleFor('not_running', t);
        if (rule.enabled) {
          hold({
            key: conditionKey.container(ck, g.vmid, 'not_running'),
            kind: 'not_running',
            rule,
            title: `${g.name} (CT ${g.vmid}) not running`,
            detail: `CT ${g.vmid} on ${g.node} has not been running for ${minutes(rule.forSeconds)}.`,
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

  if (!unreachable) {
    for (const s of snap.storages ?? []) evaluateStorage(s);
  }
  if (input.backups) {
    const b = input.backups;
    for (const g of snap.guests) {
      if (g.type !== 'lxc' || g.template || !b.covered.has(g.vmid)) continue;
      const rule = rules.ruleFor('backup_age', target(g));
      if (!rule.enabled) continue;
      const last = b.lastOk.get(g.vmid);
      const limit = rule.days * DAY_MS;
      const cond: FiringCondition = {
        key: conditionKey.container(ck, g.vmid, 'backup_age'),
        kind: 'backup_age',
        rule,
        title: `No backup of ${g.name} (CT ${g.vmid}) for ${plural(rule.days, 'day')}`,
        detail: last === undefined ? `CT ${g.vmid} is in a backup job but has no backup yet.` : `The last backup of CT ${g.vmid} is from ${utcMinute(last)} UTC.`,
        pveNode: g.node,
        vmid: g.vmid,
        nodeId: nodeIdsOf(g.node)[0],
        tags: g.tags,
        affected: 0,
      };
      // Never backed up: counts from when Kiln first saw it so (a new container gets its first run).
      if (last === undefined) {
        const since = state.get(cond.key) ?? now;
        // An open alert whose rule now allows longer resolves, and the count goes on.
        if (openByKey.has(cond.key) && now - since < limit) {
          state.set(cond.key, since);
          counting.add(cond.key);
        } else hold(cond, limit);
      } else if (now - last >= limit) hold(cond, 0);
    }
    // A failed backup holds until a later one of the same guest succeeds (or it is a week old).
    for (const g of snap.guests) {
      const f = b.failed?.get(g.vmid);
      if (!f || g.template || (b.lastOk.get(g.vmid) ?? 0) > f.at) continue;
      const rule = rules.ruleFor('backup_failed', target(g));
      if (!rule.enabled) continue;
      const what = `${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid}`;
      hold(
        {
          key: conditionKey.container(ck, g.vmid, 'backup_failed'),
          kind: 'backup_failed',
          rule,
          title: `Backup of ${g.name} (${what}) failed`,
          detail: `The backup task started by ${f.by} on ${f.pveNode} at ${utcMinute(f.at)} UTC failed: ${f.reason}`,
          pveNode: g.node,
          vmid: g.vmid,
          nodeId: nodeIdsOf(g.node)[0],
          tags: g.tags,
          affected: 0,
        },
        0,
      );
    }
  }
  if (input.updates) {
    const guests = new Map(snap.guests.map((g) => [g.vmid, g]));
    for (const u of input.updates) {
      const g = guests.get(u.vmid);
      if (!g || u.security <= 0) continue;
      const rule = rules.ruleFor('updates_pending', target(g));
      if (!rule.enabled || now - u.since < rule.days * DAY_MS) continue;
      hold(
        {
          key: conditionKey.container(ck, g.vmid, 'updates_pending'),
          kind: 'updates_pending',
          rule,
          title: `Security updates pending on ${g.name} (CT ${g.vmid}) for ${plural(rule.days, 'day')}`,
          detail: `${plural(u.security, 'security update')} pending since ${new Date(u.since).toISOString().slice(0, 10)}.`,
          pveNode: g.node,
          vmid: g.vmid,
          nodeId: nodeIdsOf(g.node)[0],
          tags: g.tags,
          affected: 0,
        },
        0,
      );
    }
  }

  function evaluateStorage(s: StorageRow): void {
    if (s.status !== 'available' || !s.maxdisk || s.disk === undefined) return;
    const skey = storageKeyOf(s);
    const key = conditionKey.storage(ck, skey);
    if (holds.has(key)) return; // a shared storage, already seen on another node
    const rule = rules.ruleFor('storage_full', { nodeIds: s.shared ? [] : nodeIdsOf(s.node), clusterNodeIds: input.clusterNodeIds, tags: [] });
    if (!rule.enabled) return;
    const pct = (s.disk / s.maxdisk) * 100;
    const days = daysToFull(input.storageSamples?.get(skey) ?? [], s.maxdisk, now);
    const open = openByKey.has(key);
    const fullSoon = days !== undefined && rule.days > 0 && days < rule.days;
    if (!(open ? pct >= rule.clear || fullSoon : pct >= rule.trigger || fullSoon)) return;
    const where = s.shared ? `shared storage ${s.storage}` : `storage ${s.storage} on ${s.node}`;
    hold({
      key,
      kind: 'storage_full',
      rule,
      title: pct >= rule.trigger ? `${cap(where)} ${pct.toFixed(0)}% full` : `${cap(where)} full in ~${Math.max(0, Math.round(days ?? 0))} days`,
      detail: `${cap(where)} at ${pct.toFixed(0)}% (trigger ${rule.trigger}%, clears below ${rule.clear}%); ${days === undefined ? 'not filling up' : `full in ~${Math.max(0, Math.round(days))} days`} at its recent rate.`,
      pveNode: s.shared ? undefined : s.node,
      nodeId: s.shared ? undefined : nodeIdsOf(s.node)[0],
      tags: [],
      affected: 0,
    });
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
  const slowRead = (kind: AlertKind) => !SLOW_KINDS.has(kind) || (kind === 'backup_age' ? !!input.backups : kind === 'backup_failed' ? !!input.backups?.failed : !!input.updates);
  for (const a of input.open) {
    if (a.kind === 'operation_failed') continue;
    // A cluster Kiln cannot read says nothing about its guests: keep their alerts as they are.
    if (unreachable && a.kind !== 'node_offline') continue;
    if (!slowRead(a.kind)) continue;
    if (!holds.has(a.conditionKey)) resolve.push(a.id);
  }
  for (const key of [...state.keys()]) {
    if (holds.has(key) || counting.has(key) || key.startsWith('@')) continue;
    if (unreachable && !key.includes('|node|')) continue;
    if (!slowRead(KIND_SUFFIX(key) as AlertKind)) continue;
    state.delete(key);
  }
  return { fire, resolve, state };
}
