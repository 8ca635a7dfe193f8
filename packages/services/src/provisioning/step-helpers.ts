/** Small helpers the step handlers share: PVE error kinds, task waits that survive a crash, sleep. */
import { isAppError } from '@kiln/core';
import { isTaskSuccess, type PveError } from '@kiln/pve';
import { StepFailure } from './errors';
import type { StepContext } from './step-context';

export const pveKind = (e: unknown) => (isAppError(e) && e.code === 'PVE' ? (e as PveError) : undefined);

/**
 * The UPID a step saved before a crash, if that task can still succeed (running or OK). A task
 * that failed is not waited for again: a retry starts a new one.
 */
export async function resumableUpid(ctx: StepContext): Promise<string | undefined> {
  const upid = (ctx.step.data as { upid?: string } | null)?.upid;
  if (!upid) return undefined;
  const st = await ctx.pve.taskStatus(ctx.spec.pveNode, upid).catch(() => undefined);
  if (!st || (st.status === 'stopped' && !isTaskSuccess(st.exitstatus))) return undefined;
  return upid;
}

export async function waitTask(ctx: StepContext, upid: string, timeout: number): Promise<void> {
  try {
    await ctx.pve.waitForTask(upid, { signal: ctx.signal, timeout, onLog: (line) => ctx.output(`${line}\n`) });
  } catch (e) {
    const pe = pveKind(e);
    if (pe?.kind === 'task-failed') throw new StepFailure(`The Proxmox task failed: ${pe.task?.exitstatus ?? pe.message}`, { outputTail: pe.task?.logTail.join('\n'), pveKind: pe.kind });
    throw e;
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
