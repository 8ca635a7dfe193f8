import { AppError } from '@kiln/core';
import { isPveError } from '@kiln/pve';
import { isSshError } from '@kiln/ssh';

/** Kinds where Proxmox VE refused the request itself: its own sentence is the best reason. */
const REFUSALS = new Set(['already-running', 'not-running', 'locked', 'task-failed', 'conflict', 'validation', 'server']);

/**
 * A container operation that did not happen, with a message safe to show. PVE's refusals keep
 * PVE's own reason ("CT 101 already running", "CT is locked (backup)") so the user sees why.
 */
export class ContainerOpError extends AppError {
  constructor(
    message: string,
    readonly reason: 'pve' | 'ssh' | 'unavailable',
    options?: { cause?: unknown },
  ) {
    super(reason === 'ssh' ? 'SSH' : 'PVE', message, options);
  }
}

/** PVE's text without the task prefix and trailing noise. */
export function pveReason(e: unknown): string | undefined {
  if (!isPveError(e)) return undefined;
  if (e.kind === 'task-failed') return e.task?.exitstatus ?? e.message;
  return e.message.replace(/\s+$/, '');
}

/** Turns a PveError/SshError into a ContainerOpError; anything else is rethrown unchanged. */
export function toContainerOpError(e: unknown): never {
  if (e instanceof ContainerOpError) throw e;
  if (isPveError(e)) {
    const msg = REFUSALS.has(e.kind) ? `Proxmox VE refused: ${pveReason(e)}` : e.userMessage;
    throw new ContainerOpError(msg, 'pve', { cause: e });
  }
  if (isSshError(e)) throw new ContainerOpError(e.message, 'ssh', { cause: e });
  throw e;
}
