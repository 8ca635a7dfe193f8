/** Recognise pct's own failures (as opposed to the inner command's) from exit status 255 + its exact texts. */
import type { ExecResult } from './exec-channel';
import { SshError } from './errors';

export function pctFailure(vmid: number, result: ExecResult, label: string): SshError | undefined {
  const text = result.stderr.trim();
  if (result.exitCode === 127 && /(^|\n)(bash: line \d+: )?pct: (command )?not found/.test(text)) {
    return new SshError('no-pct', `${label} has no pct command; is it a Proxmox VE node?`, { target: label, exitCode: 127 });
  }
  if (result.exitCode !== 255 || text.includes('\n')) return undefined;
  // Current pct says "container '101' not running!", older ones "CT 101 not running"; push/pull have their own texts.
  if (text === `container '${vmid}' not running!` || text === `CT ${vmid} not running` || text === 'can only push files to a running CT' || text === 'can only pull files from a running VM') {
    return new SshError('not-running', `CT ${vmid} on ${label} is not running.`, { target: label, exitCode: 255, stderr: text });
  }
  if (new RegExp(`^Configuration file 'nodes/[^/]+/lxc/${vmid}\\.conf' does not exist$`).test(text)) {
    return new SshError('no-container', `CT ${vmid} does not exist on ${label}.`, { target: label, exitCode: 255, stderr: text });
  }
  return undefined;
}

/** For pct commands that must succeed: a typed error with pct's (trimmed) message. */
export function pctCommandFailed(what: string, vmid: number, result: ExecResult, label: string): SshError {
  const known = pctFailure(vmid, result, label);
  if (known) return known;
  const stderr = result.stderr.trim().slice(-500);
  return new SshError('exit', `${what} for CT ${vmid} on ${label} failed (exit ${result.exitCode})${stderr ? `: ${stderr}` : '.'}`, {
    target: label,
    exitCode: result.exitCode,
    stderr,
  });
}
