import { enqueue, getQueue, JOBS } from '@kiln/queue';

/** Transient failures retry with exponential backoff (5 s, 10 s, 20 s, ... ) before the row fails. */
export const PROVISION_ATTEMPTS = 8;

/** The job id derives from the row (and the user's retry count), so a row never has two live jobs. */
export function provisionJobId(containerId: string, attempt: number): string {
  return `provision-${containerId}-${attempt}`;
}

export async function enqueueProvisioning(containerId: string, attempt: number): Promise<void> {
  await enqueue(
    'provisionContainer',
    { containerId },
    {
      jobId: provisionJobId(containerId, attempt),
      attempts: PROVISION_ATTEMPTS,
      backoff: { type: 'exponential', delay: 5_000 },
    },
  );
}

/** Whether a live (waiting, delayed or active) job exists for this row and attempt. */
export async function hasLiveJob(containerId: string, attempt: number): Promise<boolean> {
  const job = await getQueue(JOBS.provisionContainer.queue).getJob(provisionJobId(containerId, attempt));
  if (!job) return false;
  const state = await job.getState();
  return state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children';
}
