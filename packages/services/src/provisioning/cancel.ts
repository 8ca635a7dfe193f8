import { recordAudit, type ContainerStep, type Db, type Prisma } from '@kiln/db';
import { addEvent } from './events';
import type { CreationChannel } from './operation';

/** What a cancelled creation keeps in `failure`: the step it stopped before, and who asked. */
export interface CancelledFailure {
  step: string;
  title: string;
  message: string;
  cancelled: true;
  cancelledBy: string;
}

/**
 * Ends a creation that was asked to stop, before `next` (the first step not done yet): the row
 * becomes `error` with a `failure` marked cancelled, so it offers Delete, Keep and Retry like a
 * failed creation (Retry resumes at `next`). Only the worker that flips the row writes the event
 * and ends the operation, so a successor of a worker killed half-way never writes them twice.
 */
export async function settleCancelled(
  db: Db,
  channel: CreationChannel,
  container: { id: string; userId: string; hostname: string },
  next: Pick<ContainerStep, 'id' | 'key' | 'title' | 'position'>,
  steps: Pick<ContainerStep, 'state'>[],
  by: string,
  opts: { interrupted?: boolean } = {},
): Promise<void> {
  const done = steps.filter((s) => s.state === 'done' || s.state === 'skipped').length;
  const where = opts.interrupted ? `at “${next.title}”, which a worker stop cut off half-way (not run again)` : `before “${next.title}”`;
  const message = `Cancelled by ${by} ${where} (step ${next.position + 1} of ${steps.length}; ${done} done). Delete it, keep it as it is, or retry from this step.`;
  // A step cut off half-way is left to run again from its start, should the user Retry.
  if (opts.interrupted) await db.containerStep.updateMany({ where: { id: next.id, state: 'running' }, data: { state: 'pending', error: 'Cut off by a worker stop; the creation was cancelled.' } });
  const failure: CancelledFailure = { step: next.key, title: next.title, message, cancelled: true, cancelledBy: by };
  const flipped = await db.container.updateMany({ where: { id: container.id, lifecycle: 'creating' }, data: { lifecycle: 'error', failure: failure as unknown as Prisma.InputJsonObject } });
  if (flipped.count === 1) {
    await addEvent(db, container.id, 'warn', 'cancelled', message, { step: next.key, by });
    await recordAudit(db, {
      userId: container.userId,
      actor: 'worker',
      action: 'container.create',
      outcome: 'failure',
      targetType: 'container',
      targetId: container.id,
      targetName: container.hostname,
      detail: { step: next.key, cancelledBy: by },
    });
  }
  await channel.finish('cancelled', message, failure as unknown as Prisma.InputJsonObject);
}
