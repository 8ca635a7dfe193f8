import { ValidationError } from '@kiln/core';
import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { isSshError } from '@kiln/ssh';
import type { Actor } from '../nodes/service';
import type { ServiceVerb } from '../operations/table';
import { ContainerOpError, toContainerOpError } from './errors';
import { locateExistingContainer, type ContainerRef, type LocatedContainer } from './locate';
import { recordContainerChange } from './record';
import { sshForContainer } from './ssh-target';
import { LIST_SERVICES_ARGV, UNIT_NAME_RE, lastLines, parseServices, type ServiceInfo } from './systemd';

export interface ServiceDeps {
  db: Db;
  redis: Redis;
}

export interface ServiceControlResult {
  ok: boolean;
  unit: string;
  verb: ServiceVerb;
  message: string;
  service?: ServiceInfo;
}

const LIST_TIMEOUT_MS = 20_000;
const CONTROL_TIMEOUT_MS = 90_000;
export const JOURNAL_MAX_LINES = 1000;

function checkUnit(unit: string): void {
  if (!UNIT_NAME_RE.test(unit)) throw new ValidationError('Not a service unit name.', { unit: 'Not a service unit name.' });
}

/** Services run commands in the container as root: operators and owners only, viewers never. */
async function running(deps: ServiceDeps, userId: string, ref: ContainerRef) {
  const loc = await locateExistingContainer(deps, userId, ref, { need: 'operator' });
  if (loc.guest.status !== 'running') {
    // The cache may lag a start by a few seconds: ask PVE before refusing.
    const st = await loc.pve.lxcStatus(loc.pveNode, ref.vmid).catch(() => undefined);
    if (st?.status !== 'running') throw new ContainerOpError('The container is not running: start it to see its services.', 'unavailable');
  }
  const { ssh } = await sshForContainer(deps.db, loc);
  return { loc, ssh };
}

/**
 * systemd inside a container, through the node's pooled SSH connection (`pct exec`): every
 * command is an argv array, unit names are validated, and changes land in the audit log.
 * Runs in the worker only (it holds SSH); the web asks through jobs (services-remote.ts).
 */
export class ContainerServices {
  constructor(private readonly deps: ServiceDeps) {}

  async list(userId: string, ref: ContainerRef): Promise<ServiceInfo[]> {
    const { ssh } = await running(this.deps, userId, ref);
    try {
      const r = await ssh.pctExec(ref.vmid, LIST_SERVICES_ARGV, { timeout: LIST_TIMEOUT_MS });
      if (r.exitCode !== 0 && !r.stdout.trim()) throw new ContainerOpError(`systemctl failed (exit ${r.exitCode}): ${r.stderr.trim().slice(-300) || 'no output'}`, 'ssh');
      return parseServices(r.stdout);
    } catch (e) {
      return toContainerOpError(e);
    }
  }

  async control(actor: Actor, ref: ContainerRef, unit: string, verb: ServiceVerb): Promise<ServiceControlResult> {
    checkUnit(unit);
    const { loc, ssh } = await running(this.deps, actor.id, ref);
    let exitCode: number;
    let stderr: string;
    try {
      const r = await ssh.pctExec(ref.vmid, ['systemctl', verb, unit], { timeout: CONTROL_TIMEOUT_MS });
      exitCode = r.exitCode;
      stderr = r.stderr.trim().slice(-600);
    } catch (e) {
      await this.audit(actor, loc, unit, verb, false, e instanceof Error ? e.message : 'failed');
      return toContainerOpError(e);
    }
    const ok = exitCode === 0;
    await this.audit(actor, loc, unit, verb, ok, ok ? undefined : stderr || `exit ${exitCode}`);
    const service = await this.list(actor.id, ref)
      .then((all) => all.find((s) => s.name === unit))
      .catch(() => undefined);
    const done = { start: 'Started', stop: 'Stopped', restart: 'Restarted' }[verb];
    return { ok, unit, verb, service, message: ok ? `${done} ${unit}.` : `systemctl ${verb} ${unit} failed (exit ${exitCode})${stderr ? `: ${stderr}` : '.'}` };
  }

  /** The last `lines` journal lines of a unit. */
  async journal(userId: string, ref: ContainerRef, unit: string, lines = 200): Promise<string[]> {
    checkUnit(unit);
    const n = Math.max(1, Math.min(JOURNAL_MAX_LINES, Math.floor(lines)));
    const { ssh } = await running(this.deps, userId, ref);
    try {
      const r = await ssh.pctExec(ref.vmid, ['journalctl', '-u', unit, '-n', String(n), '--no-pager', '-o', 'short-iso'], { timeout: LIST_TIMEOUT_MS });
      if (r.exitCode !== 0) throw new ContainerOpError(`journalctl failed (exit ${r.exitCode}): ${r.stderr.trim().slice(-300) || 'no output'}`, 'ssh');
      return lastLines(r.stdout, n);
    } catch (e) {
      return toContainerOpError(e);
    }
  }

  /**
   * Follows a unit's journal (`journalctl -f`) until `signal` aborts, calling `onLines` with each
   * batch of new lines. Holds one SSH session of the node while it runs.
   */
  async follow(userId: string, ref: ContainerRef, unit: string, onLines: (lines: string[]) => void, opts: { signal: AbortSignal; maxMs: number; onStart?: () => void }): Promise<void> {
    checkUnit(unit);
    const { ssh } = await running(this.deps, userId, ref);
    opts.onStart?.();
    let partial = '';
    try {
      await ssh.pctExec(ref.vmid, ['journalctl', '-u', unit, '-f', '-n', '0', '--no-pager', '-o', 'short-iso'], {
        signal: opts.signal,
        timeout: opts.maxMs,
        onOutput: (chunk, stream) => {
          if (stream !== 'stdout') return;
          const text = partial + chunk.toString('utf8');
          const cut = text.lastIndexOf('\n');
          partial = text.slice(cut + 1);
          if (cut >= 0) onLines(text.slice(0, cut).split('\n'));
        },
      });
    } catch (e) {
      // Ending the follow (tab closed, time limit) is the normal way out.
      if (isSshError(e) && e.kind === 'timeout') return;
      toContainerOpError(e);
    }
  }

  private audit(actor: Actor, loc: LocatedContainer, unit: string, verb: ServiceVerb, ok: boolean, reason?: string) {
    return recordContainerChange(this.deps.db, actor, loc, {
      action: `container.service.${verb}`,
      outcome: ok ? 'success' : 'failure',
      message: ok ? `${unit}: ${verb} by ${actor.username}` : `${unit}: ${verb} failed: ${reason}`,
      detail: { unit, reason },
    });
  }
}
