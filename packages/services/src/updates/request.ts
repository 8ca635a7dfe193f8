/**
 * "Check now", for one container or every running container of a node. The web checks the
 * caller's role and enqueues; the worker, which alone holds SSH, checks the role again and runs
 * the check. Checking runs commands as root in the container: operators and owners only.
 */
import type { Db, Node } from '@kiln/db';
import { enqueue, type JobData } from '@kiln/queue';
import type { Redis } from '@kiln/redis';
import { isAppError } from '@kiln/core';
import { locateExistingContainer } from '../containers/locate';
import { sshForContainer } from '../containers/ssh-target';
import { clusterKeyOf } from '../inventory/clusters';
import { nodeForRole } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { checkContainers, type CheckSummary } from './check';
import { runningContainers } from './schedule';

const CHECK_ROLE = 'operator';

export interface UpdateCheckRequest {
  nodeId: string;
  /** One container; absent: every running container on the node. */
  vmid?: number;
}

/** The web's side: role check, then the job (ids only). Returns when it was asked, for the page to wait on a newer result. */
export async function requestUpdateCheck(deps: { db: Db }, userId: string, input: UpdateCheckRequest): Promise<{ requestedAt: number }> {
  await nodeForRole(deps.db, userId, input.nodeId, CHECK_ROLE);
  const requestedAt = Date.now();
  await enqueue('checkUpdates', { userId, nodeId: input.nodeId, ...(input.vmid !== undefined ? { vmid: input.vmid } : {}) });
  return { requestedAt };
}

/** The worker's side. */
export async function serveUpdateCheck(deps: { db: Db; redis: Redis }, data: JobData<'checkUpdates'>): Promise<CheckSummary> {
  if (data.vmid !== undefined) {
    const loc = await locateExistingContainer(deps, data.userId, { nodeId: data.nodeId, vmid: data.vmid }, { need: CHECK_ROLE, fresh: true });
    const sshNode = await sshForContainer(deps.db, loc).then(
      (r) => r.node,
      (e: unknown) => {
        if (isAppError(e)) return null;
        throw e;
      },
    );
    return checkContainers(deps, [{ clusterKey: loc.clusterKey, vmid: data.vmid, pveNode: loc.pveNode, sshNode }]);
  }
  const { node } = await nodeForRole(deps.db, data.userId, data.nodeId, CHECK_ROLE);
  const clusterKey = clusterKeyOf(node);
  return checkContainers(
    deps,
    (await runningOn(deps, clusterKey, node)).map((vmid) => ({ clusterKey, vmid, pveNode: node.pveNodeName!, sshNode: node })),
  );
}

/**
 * What runs on the node now, asked of the node itself (`/nodes/{node}/lxc`): a user's "Check now"
 * must see the container they just started, and the cluster-wide view (the poll's source) lags
 * behind by a status broadcast. The last poll answers when the node does not.
 */
async function runningOn(deps: { redis: Redis }, clusterKey: string, node: Node): Promise<number[]> {
  if (!node.pveNodeName) return [];
  const live = await pveClientForNode(node)
    .lxcList(node.pveNodeName, { timeoutMs: 15_000 })
    .catch(() => undefined);
  if (live) return live.filter((c) => c.status === 'running' && !c.template).map((c) => c.vmid);
  return (await runningContainers(deps.redis, clusterKey, [node])).filter((g) => g.node === node.pveNodeName).map((g) => g.vmid);
}
