import type { Db } from '@kiln/db';
import { nodeForRole } from '../nodes/access';
import type { Redis } from '@kiln/redis';
import { pveClientForNode } from '../nodes/pve-client';
import { toContainerOpError } from './errors';
import { locateExistingContainer, type ContainerRef } from './locate';
import { downsample, toMetricPoints, type MetricPoint, type Timeframe } from './metrics-series';

export interface MetricsResult {
  timeframe: Timeframe;
  points: MetricPoint[];
  /** Cores the container may use (CPU is a fraction of these). */
  maxcpu?: number;
}

/** A guest's (container's or VM's) RRD history (AVERAGE), access-checked through the node lookup (viewers may read). */
export async function containerMetrics(deps: { db: Db; redis: Redis }, userId: string, ref: ContainerRef, timeframe: Timeframe): Promise<MetricsResult> {
  const loc = await locateExistingContainer(deps, userId, ref, { type: 'any' });
  try {
    const raw = await loc.pve.rrddata(loc.pveNode, { vmid: ref.vmid, type: loc.guest.type, timeframe }, { timeoutMs: 10_000 });
    const maxcpu = raw.findLast((p) => p.maxcpu !== undefined)?.maxcpu ?? loc.guest.maxcpu;
    return { timeframe, points: downsample(toMetricPoints(raw)), maxcpu };
  } catch (e) {
    return toContainerOpError(e);
  }
}

/**
 * A PVE node's RRD history, asked through one of the user's registered nodes (any member of a
 * cluster answers for all; an unknown name is PVE's own error).
 */
export async function nodeMetrics(db: Db, userId: string, nodeId: string, pveNode: string, timeframe: Timeframe): Promise<MetricsResult> {
  const { node } = await nodeForRole(db, userId, nodeId, 'viewer');
  const pve = pveClientForNode(node);
  try {
    const raw = await pve.rrddata(pveNode, { timeframe }, { timeoutMs: 10_000 });
    return { timeframe, points: downsample(toMetricPoints(raw)), maxcpu: raw.findLast((p) => p.maxcpu !== undefined)?.maxcpu };
  } catch (e) {
    return toContainerOpError(e);
  }
}
