/** `pct exec` and `pct enter`: run inside the container, streams and exit code passed through unchanged. */
import { spawnInContainer } from '../../sandbox';
import type { CommandContext } from '../context';
import { parsePctArgs, parseVmid, PctError, type PctCommandSpec } from './args';
import { loadConfig, prepareRootfs, requireRunning, requireSandbox, sandboxTarget } from './common';
import { attachEnv, streamProcess } from './stream';

export const EXEC_SPEC: PctCommandSpec = {
  usage: 'pct exec <vmid> [<extra-args>] [OPTIONS]',
  positional: ['vmid'],
  options: { 'keep-env': 'boolean' },
  extraArgs: true,
};

export const ENTER_SPEC: PctCommandSpec = {
  usage: 'pct enter <vmid> [OPTIONS]',
  positional: ['vmid'],
  options: { 'keep-env': 'boolean' },
};

export async function pctExec(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const args = parsePctArgs(EXEC_SPEC, argv);
  const vmid = parseVmid(EXEC_SPEC, args.positional.vmid ?? '');
  const ct = loadConfig(ctx, vmid);
  requireRunning(ct, `container '${vmid}' not running!`);
  // Perl's die without a newline appends the source location.
  if (args.extra.length === 0) throw new PctError('missing command at /usr/share/perl5/PVE/CLI/pct.pm line 239.');
  requireSandbox(ctx, vmid);
  await prepareRootfs(ctx, ct);
  const env = attachEnv(ctx, args.options['keep-env'] !== '0');
  const tty = ctx.pty ? { cols: ctx.pty.cols, rows: ctx.pty.rows, term: ctx.pty.term } : undefined;
  return streamProcess(ctx, spawnInContainer(sandboxTarget(ct), args.extra, { env, tty }));
}

/** Like lxc-attach without a command: root's shell from the container, on a PTY when the session has one. */
export async function pctEnter(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const args = parsePctArgs(ENTER_SPEC, argv);
  const vmid = parseVmid(ENTER_SPEC, args.positional.vmid ?? '');
  const ct = loadConfig(ctx, vmid);
  requireRunning(ct, `container '${vmid}' not running!`);
  requireSandbox(ctx, vmid);
  await prepareRootfs(ctx, ct);
  const env = attachEnv(ctx, args.options['keep-env'] !== '0');
  const tty = ctx.pty ? { cols: ctx.pty.cols, rows: ctx.pty.rows, term: ctx.pty.term } : undefined;
  return streamProcess(ctx, spawnInContainer(sandboxTarget(ct), ['/bin/bash'], { env, tty }));
}
