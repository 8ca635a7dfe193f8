/**
 * Runs update checks: one `pct exec` of the detection per container, over the pooled SSH
 * connection of the container's node (one connection per node for a whole batch), at most
 * CHECKS_PER_NODE at once per node, and stores each result (ContainerUpdateStatus). Containers
 * Kiln made from a template with `appVersion` also get its two commands, on the same connection.
 * Worker only: it holds SSH.
 */
import type { Db, Node, Prisma } from '@kiln/db';
import { isSshError } from '@kiln/ssh';
import { isAppError } from '@kiln/core';
import type { RenderedAppVersion } from '@kiln/core/templates';
import type { Redis } from '@kiln/redis';
import { nodeSsh } from '../containers/ssh-target';
import { UPDATES_STAMP_TTL_SECONDS, updatesStampKey } from '../keys';
import { appVersionSpecs, detectAppVersion, targetKey, type AppVersionResult } from './app-version';
import { DETECT_ARGV, parseDetection, type DetectionResult } from './detect';

/** Sessions one node gives a check batch (the pool allows 8 per node; leave room for the rest of Kiln). */
export const CHECKS_PER_NODE = 4;
/** apt-get update on a slow mirror plus a minute of lock wait. */
const CHECK_TIMEOUT_MS = 150_000;

export interface CheckTarget {
  clusterKey: string;
  vmid: number;
  /** PVE node the container runs on. */
  pveNode: string;
  /** The registered node with SSH to `pveNode`, or null when Kiln has none (recorded as the error). */
  sshNode: Node | null;
}

export interface CheckSummary {
  checked: number;
  failed: number;
  pending: number;
  security: number;
}

function describeFailure(e: unknown): string {
  if (isSshError(e)) {
    if (e.kind === 'unreachable' || e.kind === 'auth' || e.kind === 'host-key-mismatch') return `Unreachable: ${e.message}`;
    if (e.kind === 'timeout') return 'The check timed out.';
    return e.message;
  }
  if (isAppError(e)) return e.message;
  return 'The check failed unexpectedly (see the worker log).';
}

/** `app`: the app version found (null: the container has no app version check); absent when the check did not get that far. */
type CheckResult = DetectionResult & { app?: AppVersionResult | null };

async function detect(target: CheckTarget, app: RenderedAppVersion | null): Promise<CheckResult> {
  if (!target.sshNode) return { family: null, osId: null, packages: null, error: `Unreachable: Kiln has no SSH to ${target.pveNode}; add it in Settings → Nodes.` };
  try {
    const ssh = nodeSsh(target.sshNode);
    const r = await ssh.pctExec(target.vmid, DETECT_ARGV, { timeout: CHECK_TIMEOUT_MS });
    const parsed = parseDetection(r.stdout);
    if (!/^@@kiln os /m.test(r.stdout)) return { ...parsed, error: `The check could not run (exit ${r.exitCode}): ${r.stderr.trim().split('\n').pop() ?? ''}`.trim() };
    // After the package check: its index refresh is what "latest" reads.
    return { ...parsed, app: app && (await detectAppVersion(ssh, target.vmid, app)) };
  } catch (e) {
    return { family: null, osId: null, packages: null, error: describeFailure(e) };
  }
}

async function store(deps: { db: Db; redis: Redis }, target: CheckTarget, r: CheckResult, at: Date): Promise<void> {
  await write(deps.db, target, r, at);
  const key = updatesStampKey(target.clusterKey);
  await deps.redis.multi().incr(key).expire(key, UPDATES_STAMP_TTL_SECONDS).exec();
}

async function write(db: Db, target: CheckTarget, r: CheckResult, at: Date): Promise<void> {
  const where = { clusterKey_vmid: { clusterKey: target.clusterKey, vmid: target.vmid } };
  const base = { pveNode: target.pveNode, checkedAt: at, error: r.error, ...(r.family ? { family: r.family } : {}), ...(r.osId ? { osId: r.osId } : {}) };
  const list = r.packages ? { packages: r.packages as Prisma.InputJsonValue, pending: r.packages.length, security: r.packages.filter((p) => p.security).length, okAt: at } : {};
  const app = r.app === undefined ? {} : { appName: r.app?.name ?? null, appInstalled: r.app?.installed ?? null, appLatest: r.app?.latest ?? null, appError: r.app?.error ?? null };
  const nodeId = target.sshNode?.id;
  if (!nodeId) {
    // Without SSH there is no node to hang a new row on: only an earlier result learns the error.
    await db.containerUpdateStatus.updateMany({ where: { clusterKey: target.clusterKey, vmid: target.vmid }, data: base });
    return;
  }
  // Since when security updates are pending (the updates_pending alert's age): kept while some stay.
  let since = {};
  if (r.packages) {
    const pendingSince = list.security ? ((await db.containerUpdateStatus.findUnique({ where, select: { securitySince: true } }))?.securitySince ?? at) : null;
    since = { securitySince: pendingSince };
  }
  await db.containerUpdateStatus.upsert({
    where,
    create: { clusterKey: target.clusterKey, vmid: target.vmid, nodeId, ...base, ...list, ...since, ...app },
    update: { nodeId, ...base, ...list, ...since, ...app },
  });
}

/** Checks the targets, node by node in parallel, CHECKS_PER_NODE at a time on each node. */
export async function checkContainers(deps: { db: Db; redis: Redis }, targets: CheckTarget[], opts: { perNode?: number; now?: () => Date } = {}): Promise<CheckSummary> {
  const byNode = new Map<string, CheckTarget[]>();
  for (const t of targets) {
    const key = t.sshNode?.id ?? `none:${t.pveNode}`;
    byNode.set(key, [...(byNode.get(key) ?? []), t]);
  }
  const summary: CheckSummary = { checked: 0, failed: 0, pending: 0, security: 0 };
  const now = opts.now ?? (() => new Date());
  const apps = await appVersionSpecs(deps.db, targets);
  const runNode = async (queue: CheckTarget[]) => {
    const lane = async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        const r = await detect(t, apps.get(targetKey(t)) ?? null);
        await store(deps, t, r, now());
        summary.checked++;
        if (r.error && !r.packages) summary.failed++;
        summary.pending += r.packages?.length ?? 0;
        summary.security += r.packages?.filter((p) => p.security).length ?? 0;
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.perNode ?? CHECKS_PER_NODE, queue.length) }, lane));
  };
  await Promise.all([...byNode.values()].map((q) => runNode([...q])));
  return summary;
}
