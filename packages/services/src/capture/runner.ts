import { isAppError } from '@kiln/core';
import type { Operation, Prisma } from '@kiln/db';
import { isPveError } from '@kiln/pve';
import { isSshError } from '@kiln/ssh';
import { locateContainer, type LocatedContainer } from '../containers/locate';
import { containerName, recordContainerChange } from '../containers/record';
import { sshForContainer } from '../containers/ssh-target';
import { actorOf, pveRefusal, type OperationDeps } from '../operations/container-runner';
import { claimOrResume, emit, finishOperation } from '../operations/events';
import { CAPTURE_OPERATIONS } from '../operations/table';
import { captureDraft } from './draft';
import { PROBE_ARGV, parseProbe } from './probe';

/** A refusal of Kiln's own, shown as is. */
class CaptureRefusal extends Error {}

const PROBE_TIMEOUT_MS = 60_000;

/**
 * Worker side of `container.capture`: reads the container's config from Proxmox VE and probes it
 * over the node's SSH (one read-only `pct exec`), then stores the kiln/v1 draft on the operation's
 * `result`, where the template editor picks it up. It changes nothing anywhere, so a worker that
 * takes over simply reads again.
 */
export async function runCaptureOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const claimed = await claimOrResume(deps, op);
  if (!claimed) return; // cancelled before it started
  op = claimed;
  const { nodeId, vmid } = op;
  if (!nodeId || !vmid) return void (await finishOperation(deps, op, 'failed', 'This operation names no container.'));
  const actor = await actorOf(deps.db, op);
  let loc: LocatedContainer | undefined;
  try {
    loc = await locateContainer(deps, op.userId, { nodeId, vmid }, { fresh: true, need: CAPTURE_OPERATIONS['container.capture'].need });
    if (!loc.pveNode) throw new CaptureRefusal(`CT ${vmid} was not found on Proxmox VE.`);
    const log = (text: string) => emit(deps.redis, op.id, { type: 'log', text });
    await log(`GET /nodes/${loc.pveNode}/lxc/${vmid}/config`);
    const cfg = await loc.pve.lxcConfig(loc.pveNode, vmid);
    const name = cfg.hostname || containerName(loc);
    if (cfg.template) throw new CaptureRefusal(`CT ${vmid} is a template already.`);
    // Asked live: the cluster view shows a start only after its next broadcast.
    const status = await loc.pve.lxcStatus(loc.pveNode, vmid);
    if (status.status !== 'running') throw new CaptureRefusal(`${name} is not running: Kiln reads its packages and services inside it, so start it first.`);
    const { ssh } = await sshForContainer(deps.db, loc);
    await log(`pct exec ${vmid}: os-release, package database, enabled services`);
    const res = await ssh.pctExec(vmid, PROBE_ARGV, { timeout: PROBE_TIMEOUT_MS, signal: deps.signal });
    const probe = parseProbe(res.stdout);
    if (probe.error) throw new CaptureRefusal(probe.error);
    const draft = captureDraft(cfg, probe, { hostname: name, vmid, pveNode: loc.pveNode, capturedBy: actor.username, at: new Date() });
    await log(
      `${probe.osId} ${probe.osVersion ?? ''}: ${probe.packages.length} packages installed, ${draft.packages.length} beyond the image; ${draft.services.length} services enabled beyond the image.`,
    );
    for (const note of draft.notes) await log(note);
    const message = `Captured ${name}: ${draft.packages.length} package${draft.packages.length === 1 ? '' : 's'} and ${draft.services.length} service${draft.services.length === 1 ? '' : 's'} beyond the image. Open the draft to edit and save it.`;
    await recordContainerChange(deps.db, actor, loc, { action: 'container.capture', outcome: 'success', message, detail: { packages: draft.packages.length, services: draft.services.length } });
    const result = { template: draft.template, packages: draft.packages, services: draft.services, notes: draft.notes };
    await finishOperation(deps, op, 'succeeded', message, JSON.parse(JSON.stringify(result)) as Prisma.InputJsonObject);
  } catch (e) {
    if (deps.signal?.aborted) throw e;
    const known = e instanceof CaptureRefusal || isAppError(e) || isPveError(e) || isSshError(e);
    if (!known && !opts.lastAttempt) throw e;
    if (!known) deps.log.error(`operation ${op.id} (container.capture) failed`, { error: e });
    const message =
      e instanceof CaptureRefusal || isAppError(e)
        ? e.message
        : isPveError(e)
          ? pveRefusal(e)
          : isSshError(e)
            ? `Kiln could not run the probe over SSH: ${e.message}`
            : 'Kiln could not capture this container (an internal error; see the worker log).';
    if (loc) await recordContainerChange(deps.db, actor, loc, { action: 'container.capture', outcome: 'failure', message: `Capture failed: ${message}` });
    await finishOperation(deps, op, 'failed', message);
  }
}
