import 'server-only';
import { cache } from 'react';
import { activeOperationFor, containerHistory, containerName, containerOverview, containerProvenance, listOperations, locateContainer, vmOverview, type ContainerRef } from '@kiln/services';
import { isAppError } from '@kiln/core';
import { containerDeps } from './server';

/**
 * How long a page waits for Proxmox VE before it renders from the poller's snapshot instead
 * (a hung node would otherwise hold the page for every call's own timeout in turn).
 */
const PAGE_PVE_BUDGET_MS = 3_000;

/**
 * Everything the container page shows above the tabs, for a user who can see its node. Returns null
 * when neither Proxmox VE nor Kiln knows the container (or the user has no role on it: same answer).
 */
export const containerPage = cache(async (userId: string, nodeId: string, vmid: number) => {
  // Primitive arguments: React's cache compares them by identity (page and metadata share one lookup).
  const ref: ContainerRef = { nodeId, vmid };
  let loc;
  try {
    loc = await locateContainer(containerDeps(), userId, ref, { timeoutMs: PAGE_PVE_BUDGET_MS });
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return null;
    throw e;
  }
  // A deleted Kiln row with a new, unrelated container on the same VMID: that one is "discovered".
  const kiln = loc.kiln && (loc.kiln.lifecycle !== 'deleted' || !loc.guest) ? loc.kiln : undefined;
  if (!loc.guest && !kiln) return null;
  const [overview, provenance] = await Promise.all([
    loc.guest ? containerOverview(loc, { timeoutMs: PAGE_PVE_BUDGET_MS }) : Promise.resolve(null),
    kiln ? containerProvenance(containerDeps().db, kiln) : Promise.resolve(null),
  ]);
  return {
    ref,
    name: containerName({ guest: loc.guest, kiln, ref }),
    pveNode: loc.pveNode,
    registeredNode: { id: loc.node.id, name: loc.node.name, pveNodeName: loc.node.pveNodeName },
    /** The user's role on the node: the page offers only what it allows (the services check again). */
    access: loc.access,
    exists: !!loc.guest,
    overview,
    provenance,
    kiln: kiln ? { id: kiln.id, lifecycle: kiln.lifecycle, failure: kiln.failure, templateId: kiln.templateId, templateSlug: kiln.templateSlug, templateVersion: kiln.templateVersion } : null,
  };
});

export type ContainerPageData = NonNullable<Awaited<ReturnType<typeof containerPage>>>;

/**
 * The VM page's data when this VMID is a QEMU VM the user can see; null otherwise (then it is a
 * container's page, or nothing). VMs share the containers' routes: VMIDs are unique in a cluster.
 */
export const vmPage = cache(async (userId: string, nodeId: string, vmid: number) => {
  const ref: ContainerRef = { nodeId, vmid };
  let loc;
  try {
    loc = await locateContainer(containerDeps(), userId, ref, { timeoutMs: PAGE_PVE_BUDGET_MS, type: 'any' });
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return null;
    throw e;
  }
  const guest = loc.guest;
  if (guest?.type !== 'qemu' || !loc.pveNode) return null;
  return {
    ref,
    name: guest.name,
    pveNode: loc.pveNode,
    access: loc.access,
    overview: await vmOverview({ ...loc, guest, pveNode: loc.pveNode }, { timeoutMs: PAGE_PVE_BUDGET_MS }),
  };
});

export type VmPageData = NonNullable<Awaited<ReturnType<typeof vmPage>>>;

export function historyFor(userId: string, ref: ContainerRef) {
  return containerHistory(containerDeps(), userId, ref, { timeoutMs: PAGE_PVE_BUDGET_MS });
}

/** The operation still running on this container for this user (a reloaded page follows it). */
export function activeOperation(userId: string, ref: ContainerRef) {
  return activeOperationFor(containerDeps().db, userId, ref);
}

/** This user's recent operations on this container (bulk ones included, one line per container). */
export function recentOperations(userId: string, ref: ContainerRef) {
  return listOperations(containerDeps().db, { id: userId }, { ...ref, limit: 10 });
}
