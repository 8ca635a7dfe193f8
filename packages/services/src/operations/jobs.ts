import { enqueue } from '@kiln/queue';

/**
 * The job id is the operation id: a double enqueue (a retried request, the janitor) is one job.
 * Attempts cover a worker that finds the row leased by another one (it retries after a pause)
 * and transient failures of Kiln's own stores; PVE's verdicts end the operation, never retry it.
 */
export const OPERATION_ATTEMPTS = 40;

export async function enqueueOperation(operationId: string, opts: { retryDelayMs?: number } = {}): Promise<void> {
  await enqueue(
    'runOperation',
    { operationId },
    {
      jobId: operationId,
      attempts: OPERATION_ATTEMPTS,
      backoff: { type: 'fixed', delay: opts.retryDelayMs ?? 2_000 },
    },
  );
}
