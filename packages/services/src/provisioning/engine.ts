import type { Logger } from '@kiln/core';
import { redactSecrets } from '@kiln/core/templates';
import { recordAudit, type ContainerStep, type Db, type Prisma } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { pveClientForNode } from '../nodes/pve-client';
import { nodeSecret, secretBox } from '../secrets';
import { sshPool } from '../ssh';
import { StepFailure, failureMessage, isTransient } from './errors';
import { addEvent } from './events';
import { LEASE_MS, acquireLease, releaseLease, renewLease } from './lease';
import { settleCancelled } from './cancel';
import { CreationChannel, cancelRequest, currentCreationOperation } from './operation';
import { loadTemplateFor, renderPlan, type RenderedPlan } from './render';
import { addDefaultChecks } from '../checks/service';
import { creationSpecSchema } from './spec';
import type { StepContext } from './step-context';
import { handlerFor } from './steps';

export interface EngineDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  workerId: string;
  /** Aborted on worker shutdown: the running step checkpoints and the job is retried elsewhere. */
  signal: AbortSignal;
}

export type EngineOutcome = 'ready' | 'error' | 'cancelled' | 'not-creating' | 'busy';

/** Thrown to make BullMQ retry the job later (transient failure or another worker holds the row). */
export class RetryLater extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryLater';
  }
}

/**
 * The resumable step machine of one creation. Every step's state lives in PostgreSQL: a step
 * that finished is never run again, a crash resumes at the first unfinished step, the
 * container itself is found again by its ownership tag instead of being created twice.
 *
 * Returns when the row is ready or in error; throws RetryLater for transient failures.
 */
export async function runCreation(deps: EngineDeps, containerId: string, opts: { lastAttempt: boolean }): Promise<EngineOutcome> {
  const { db, redis, log } = deps;
  if (!(await acquireLease(db, containerId, deps.workerId))) throw new RetryLater('Another worker is working on this container.');
  const renew = setInterval(() => {
    void renewLease(db, containerId, deps.workerId).then((ok) => {
      if (!ok) log.warn(`lost the lease on ${containerId}`);
    });
  }, LEASE_MS / 3);
  try {
    const container = await db.container.findUniqueOrThrow({ where: { id: containerId } });
    const channel = new CreationChannel(db, redis, (await currentCreationOperation(db, containerId))?.id);
    if (container.lifecycle !== 'creating') {
      // The row was settled elsewhere (kept, deleted): the operation says so instead of hanging on.
      if (container.lifecycle === 'ready') await channel.finish('succeeded', `${container.hostname} is ready.`);
      else if (container.lifecycle === 'deleted') await channel.finish('cancelled', `${container.hostname} was deleted.`);
      else await channel.finish('failed', `Creating ${container.hostname} failed.`);
      return 'not-creating';
    }
    await channel.running(deps.workerId);
    const node = await db.node.findUniqueOrThrow({ where: { id: container.nodeId } });
    const spec = creationSpecSchema.parse(container.spec);
    const secrets: Record<string, string> = container.secretsEnc
      ? (JSON.parse(secretBox().open(container.secretsEnc, { table: 'Container', id: container.id, field: 'secrets' })) as Record<string, string>)
      : {};
    const pve = pveClientForNode(node);
    const ssh =
      node.sshState === 'ok' && node.sshHostKeyFingerprint
        ? sshPool().node({
            host: node.sshHost ?? node.host,
            port: node.sshPort,
            username: node.sshUser,
            hostKeyFingerprint: node.sshHostKeyFingerprint,
            auth: node.sshPrivateKeyEnc
              ? { privateKey: secretBox().open(node.sshPrivateKeyEnc, nodeSecret(node.id, 'sshPrivateKey')) }
              : { password: node.sshPasswordEnc ? secretBox().open(node.sshPasswordEnc, nodeSecret(node.id, 'sshPassword')) : '' },
          })
        : null;

    const steps = await db.containerStep.findMany({ where: { containerId }, orderBy: { position: 'asc' } });
    const facts: StepContext['facts'] = { ip: container.ip ?? undefined };
    for (const s of steps) {
      const d = s.data as { ostemplate?: string; ip?: string } | null;
      if (s.state === 'done' && d?.ostemplate) facts.ostemplate = d.ostemplate;
      if (s.state === 'done' && d?.ip) facts.ip = d.ip;
    }
    const template = await loadTemplateFor(db, spec, container.userId);
    let plan: RenderedPlan | undefined;
    const planFor = () => (plan ??= renderPlan(template, { spec, secrets, facts, containerId }));
    // Template steps may use {{ container.ip }}: render again once the IP is known.
    const resetPlan = () => (plan = undefined);

    for (const step of steps) {
      if (step.state === 'done' || step.state === 'skipped') continue;
      if (deps.signal.aborted) throw new RetryLater('Worker shutting down.');
      const resumed = step.state === 'running';
      // The safe point: between steps. A Proxmox step cut off by a crash is finished first (its task may be
      // in flight); a template step cut off inside the container is not run again for a creation being cancelled.
      const cancel = resumed && !step.key.startsWith('step:') ? null : await cancelRequest(db, channel.operationId);
      if (cancel) {
        await settleCancelled(db, channel, container, step, steps, cancel.by, { interrupted: resumed });
        return 'cancelled';
      }
      await startStep(db, step, resumed, deps.workerId);
      void channel.step(step.key, 'running', resumed ? `${step.title}: resumed after an interruption` : step.title);
      // Output is redacted as it streams, batched into a Redis stream every 250 ms.
      const redactor = planFor().streamRedactor();
      let pending = '';
      let flushing: Promise<void> = Promise.resolve();
      const flush = (final = false) => {
        const text = pending + (final ? redactor.flush() : '');
        pending = '';
        if (!text) return;
        flushing = flushing.then(() => channel.output(step.key, text)).catch(() => undefined);
      };
      const flushTimer = setInterval(() => flush(), 250);
      const ctx: StepContext = {
        db,
        redis,
        log,
        container,
        node,
        pve,
        ssh,
        spec,
        step,
        signal: deps.signal,
        facts,
        plan: planFor,
        output: (text, stream) => {
          pending += redactor.push(text, stream);
          if (pending.length > 16_384) flush();
        },
        checkpoint: async (data) => {
          step.data = data as Prisma.JsonValue;
          await db.containerStep.update({ where: { id: step.id }, data: { data } });
        },
      };
      try {
        // A step the template marks as not re-runnable, cut off by a crash, may have half run.
        if (resumed && step.key.startsWith('step:') && planFor().steps.find((p) => p.key === step.key)?.retry === false) {
          throw new StepFailure('The worker stopped in the middle of this step and the template marks it as not safe to run twice. Check the container, then use Retry to run it again.');
        }
        const result = await handlerFor(step.key)(ctx);
        clearInterval(flushTimer);
        flush(true);
        await flushing;
        if (result === 'skipped') {
          await db.containerStep.update({ where: { id: step.id }, data: { state: 'skipped', finishedAt: new Date(), error: null } });
          await addEvent(db, containerId, 'info', 'step.skipped', `${step.title}: nothing to do.`);
          void channel.step(step.key, 'skipped');
        } else {
          await db.containerStep.update({
            where: { id: step.id },
            data: {
              state: 'done',
              finishedAt: new Date(),
              error: null,
              ...(result.data !== undefined ? { data: result.data } : {}),
              exitCode: result.exitCode ?? null,
              outputTail: result.outputTail ?? null,
            },
          });
          await addEvent(db, containerId, 'info', 'step.done', `${step.title}: done.`);
          void channel.step(step.key, 'done');
        }
        if (step.key === 'wait-ip') resetPlan();
      } catch (e) {
        clearInterval(flushTimer);
        flush(true);
        await flushing;
        if (deps.signal.aborted) {
          // Checkpoint: leave the step to be resumed by the next worker.
          await db.containerStep.update({ where: { id: step.id }, data: { state: 'pending', error: 'Interrupted by a worker shutdown; resuming.' } });
          await addEvent(db, containerId, 'warn', 'step.interrupted', `${step.title}: interrupted by a worker shutdown, will resume.`);
          await channel.step(step.key, 'pending', 'Interrupted by a worker shutdown; resuming.');
          throw new RetryLater('Worker shutting down.', { cause: e });
        }
        // Error texts can quote a command's stderr: they reach events and the audit log.
        const message = redactSecrets(failureMessage(e), Object.values(secrets));
        if (isTransient(e) && !opts.lastAttempt) {
          await db.containerStep.update({ where: { id: step.id }, data: { state: 'pending', error: message } });
          await addEvent(db, containerId, 'warn', 'step.retry', `${step.title}: ${message} Retrying.`);
          await channel.step(step.key, 'pending', `${message} Retrying.`);
          throw new RetryLater(message, { cause: e });
        }
        // Only the redacted text: the raw error may quote a secret param that no generic pattern catches.
        if (!(e instanceof StepFailure) && !isTransient(e)) log.error(`step ${step.key} of ${containerId} failed: ${message}`, { error: e instanceof Error ? e.name : typeof e });
        const detail = e instanceof StepFailure ? e.detail : {};
        await db.containerStep.update({
          where: { id: step.id },
          data: { state: 'failed', finishedAt: new Date(), error: message, exitCode: detail.exitCode ?? null, outputTail: detail.outputTail ?? null },
        });
        const failure = {
          step: step.key,
          title: step.title,
          message,
          ...(detail.exitCode !== undefined ? { exitCode: detail.exitCode } : {}),
          ...(detail.outputTail ? { outputTail: detail.outputTail } : {}),
        };
        await db.container.update({ where: { id: containerId }, data: { lifecycle: 'error', failure } });
        await addEvent(db, containerId, 'error', 'failed', `${step.title} failed: ${message}`, failure);
        await channel.step(step.key, 'failed', message);
        await channel.finish('failed', `${step.title} failed: ${message}`, failure);
        await recordAudit(db, {
          userId: container.userId,
          actor: 'worker',
          action: 'container.create',
          outcome: 'failure',
          targetType: 'container',
          targetId: containerId,
          targetName: container.hostname,
          detail: { step: step.key, message },
        });
        return 'error';
      }
    }

    const note = planFor().postInstall;
    await db.container.update({ where: { id: containerId }, data: { lifecycle: 'ready', readyAt: new Date(), failure: undefined, postInstall: note ?? null, ip: facts.ip ?? null } });
    await addEvent(db, containerId, 'info', 'ready', `${container.hostname} is ready${facts.ip ? ` at ${facts.ip}` : ''}.`);
    // The template's service checks start watching it from outside (idempotent: a resumed run adds none twice).
    await addDefaultChecks(db, containerId);
    await channel.finish('succeeded', `${container.hostname} is ready${facts.ip ? ` at ${facts.ip}` : ''}.`, { vmid: spec.vmid, ip: facts.ip ?? null });
    await recordAudit(db, {
      userId: container.userId,
      actor: 'worker',
      action: 'container.create',
      outcome: 'success',
      targetType: 'container',
      targetId: containerId,
      targetName: container.hostname,
      detail: { vmid: spec.vmid, node: spec.pveNode },
    });
    return 'ready';
  } finally {
    clearInterval(renew);
    await releaseLease(db, containerId, deps.workerId).catch(() => undefined);
  }
}

async function startStep(db: Db, step: ContainerStep, resumed: boolean, worker: string): Promise<void> {
  await db.containerStep.update({ where: { id: step.id }, data: { state: 'running', attempts: { increment: 1 }, startedAt: new Date(), error: resumed ? 'Resumed after an interruption.' : null } });
  await addEvent(db, step.containerId, 'info', resumed ? 'step.resumed' : 'step.started', `${step.title}${resumed ? ': resumed after an interruption' : ''}…`, { step: step.key, worker });
}
