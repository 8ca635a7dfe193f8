import { ValidationError } from '@kiln/core';
import type { Db } from '@kiln/db';
import { JobTimeoutError, requestJob, type JobData, type JobKey } from '@kiln/queue';
import type { Redis } from '@kiln/redis';
import { nodeForRole } from '../nodes/access';
import { ContainerOpError } from './errors';
import { answer, unwrapAnswer } from './job-answer';
import type { ContainerRef } from './locate';
import { ContainerServices, JOURNAL_MAX_LINES } from './services';
import { UNIT_NAME_RE, type ServiceInfo } from './systemd';

/** A read waits for SSH (20 s at most) plus the worker's pick-up. */
const READ_WAIT_MS = 25_000;

/** Asks the worker on the `interactive` queue and awaits its answer; `what` names the read in errors. */
export async function askWorker<K extends JobKey>(key: K, data: JobData<K>, what = 'this container’s services'): Promise<unknown> {
  try {
    return await requestJob(key, data, { timeoutMs: READ_WAIT_MS });
  } catch (e) {
    if (e instanceof JobTimeoutError) throw new ContainerOpError('Kiln’s worker did not answer in time. Check that it is running, then try again.', 'unavailable');
    throw new ContainerOpError(`The worker could not read ${what} (see the worker log).`, 'unavailable', { cause: e });
  }
}

/**
 * The web's side of a container's services: it checks the caller's role and asks the worker,
 * which alone holds SSH (house rule), for the answer. The worker checks the role again.
 */
export class RemoteContainerServices {
  constructor(private readonly deps: { db: Db; redis: Redis }) {}

  async list(userId: string, ref: ContainerRef): Promise<ServiceInfo[]> {
    await nodeForRole(this.deps.db, userId, ref.nodeId, 'operator');
    return unwrapAnswer<ServiceInfo[]>(await askWorker('listServices', { userId, nodeId: ref.nodeId, vmid: ref.vmid }));
  }

  async journal(userId: string, ref: ContainerRef, unit: string, lines = 200): Promise<string[]> {
    if (!UNIT_NAME_RE.test(unit)) throw new ValidationError('Not a service unit name.', { unit: 'Not a service unit name.' });
    await nodeForRole(this.deps.db, userId, ref.nodeId, 'operator');
    const n = Math.max(1, Math.min(JOURNAL_MAX_LINES, Math.floor(lines)));
    return unwrapAnswer<string[]>(await askWorker('serviceJournal', { userId, nodeId: ref.nodeId, vmid: ref.vmid, unit, lines: n }));
  }
}

/** Worker side of the two reads: the answer travels back as data (job-answer.ts). */
export function serveServiceList(deps: { db: Db; redis: Redis }, data: JobData<'listServices'>) {
  return answer(() => new ContainerServices(deps).list(data.userId, { nodeId: data.nodeId, vmid: data.vmid }));
}

export function serveServiceJournal(deps: { db: Db; redis: Redis }, data: JobData<'serviceJournal'>) {
  return answer(() => new ContainerServices(deps).journal(data.userId, { nodeId: data.nodeId, vmid: data.vmid }, data.unit, data.lines));
}
