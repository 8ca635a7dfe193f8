/**
 * "Check now", for one container or every running container of a node. The web checks the
 * caller's role and enqueues; the worker, which alone holds SSH, checks the role again and runs
 * the check. Checking runs commands as root in the container: operators and owners only.
 */
import type { Db } from '@kiln/db';
import { enqueue, type JobData } from '@kiln/queue';
import type { Redis } from '@kiln/redis';
import { isAppError } from '@kiln/core';
import { locateExistingContainer } from '../containers/locate';
import { sshForContainer } from '../containers/ssh-target';
import { clusterKeyOf } from '../inventory/clusters';
import { nodeForRole } from '../nodes/access';
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
  const guests = (await runningContainers(deps.redis, clusterKey, [node])).filter((g) => g.node === node.pveNodeName);
  return checkContainers(
    deps,
    guests.map((g) => ({ clusterKey, vmid: g.vmid, pveNode: g.node, sshNode: node })),
  );
}
