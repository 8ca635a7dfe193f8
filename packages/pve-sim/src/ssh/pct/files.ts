/**
 * `pct push` / `pct pull`. The simulated node has no filesystem of its own, so the node-side
 * file must be the SSH channel: `pct push <vmid> /dev/stdin <dest>` (works the same on a real
 * node, where the CLI worker keeps stdin) and `pct pull <vmid> <path> /dev/stdout`.
 * The container-side file is opened inside the sandbox, so paths resolve in the container only.
 */
import { spawnInContainer } from '../../sandbox';
import type { CommandContext } from '../context';
import { parsePctArgs, parseVmid, PctError, type PctCommandSpec } from './args';
import { loadConfig, prepareRootfs, requireRunning, requireSandbox, sandboxTarget } from './common';
import { streamProcess } from './stream';

const OWNER_OPTIONS = { user: 'string', group: 'string', perms: 'string' } as const;
export const PUSH_SPEC: PctCommandSpec = { usage: 'pct push <vmid> <file> <destination> [OPTIONS]', positional: ['vmid', 'file', 'destination'], options: OWNER_OPTIONS };
export const PULL_SPEC: PctCommandSpec = { usage: 'pct pull <vmid> <path> <destination> [OPTIONS]', positional: ['vmid', 'path', 'destination'], options: OWNER_OPTIONS };

const STDIN = new Set(['/dev/stdin', '/proc/self/fd/0', '/dev/fd/0']);
const STDOUT = new Set(['/dev/stdout', '/proc/self/fd/1', '/dev/fd/1']);

/** PVE: octal unless prefixed 0x (strtoul base 0 after prepending a 0). Returns octal digits for chmod. */
export function parsePerms(perms: string): string {
  const p = perms.startsWith('0') ? perms : `0${perms}`;
  const value = /^0x[0-9a-f]+$/i.test(p) ? parseInt(p.slice(2), 16) : /^0[0-7]*$/.test(p) ? parseInt(p, 8) : NaN;
  if (perms === '' || Number.isNaN(value) || value > 0o7777) throw new PctError(`invalid mode: '${perms}'`);
  return value.toString(8);
}

/** Runs in the container. $1 dest, $2 octal perms or '', $3 user, $4 group. Mirrors create_file() in pct. */
const PUSH_SCRIPT = String.raw`D=$1 P=$2 U=$3 G=$4
num() { case "$1" in ''|*[!0-9]*) return 1;; esac; }
if [ -n "$U" ] && ! num "$U"; then U=$(getent passwd -- "$U" | cut -d: -f3); [ -n "$U" ] || { echo "failed to get uid for: $3" >&2; exit 255; }; fi
if [ -n "$G" ] && ! num "$G"; then G=$(getent group -- "$G" | cut -d: -f3); [ -n "$G" ] || { echo "failed to get gid for: $4" >&2; exit 255; }; fi
umask 022
if ! ( : >"$D" ) 2>/dev/null; then
  if [ -d "$D" ]; then why='Is a directory'; elif [ -d "$(dirname -- "$D")" ]; then why='Permission denied'; else why='No such file or directory'; fi
  echo "failed to create file: $D: $why" >&2; exit 255
fi
[ -z "$P" ] || chmod "$P" -- "$D" || exit 255
if [ -n "$U" ] && [ -n "$G" ]; then chown "$U:$G" -- "$D"; elif [ -n "$U" ]; then chown "$U" -- "$D"; elif [ -n "$G" ]; then chgrp "$G" -- "$D"; fi || { echo "failed to change file owner" >&2; exit 255; }
exec cat >"$D"`;

const PULL_SCRIPT = String.raw`if [ ! -e "$1" ]; then echo "failed to open $1: No such file or directory" >&2; exit 255; fi
exec cat -- "$1"`;

export async function pctPush(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const args = parsePctArgs(PUSH_SPEC, argv);
  const vmid = parseVmid(PUSH_SPEC, args.positional.vmid ?? '');
  const perms = args.options.perms === undefined ? '' : parsePerms(args.options.perms);
  const ct = loadConfig(ctx, vmid);
  requireRunning(ct, 'can only push files to a running CT');
  const file = args.positional.file ?? '';
  if (!STDIN.has(file)) throw new PctError(`failed to open ${file} for reading`);
  requireSandbox(ctx, vmid);
  await prepareRootfs(ctx, ct);
  const dest = args.positional.destination ?? '';
  const proc = spawnInContainer(sandboxTarget(ct), ['/bin/sh', '-c', PUSH_SCRIPT, 'pct-push', dest, perms, args.options.user ?? '', args.options.group ?? '']);
  return streamProcess(ctx, proc);
}

export async function pctPull(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const args = parsePctArgs(PULL_SPEC, argv);
  const vmid = parseVmid(PULL_SPEC, args.positional.vmid ?? '');
  const ct = loadConfig(ctx, vmid);
  requireRunning(ct, 'can only pull files from a running VM');
  const dest = args.positional.destination ?? '';
  if (!STDOUT.has(dest)) throw new PctError(`failed to create file: ${dest}: the simulated node has no filesystem; pull to /dev/stdout`);
  requireSandbox(ctx, vmid);
  await prepareRootfs(ctx, ct);
  const proc = spawnInContainer(sandboxTarget(ct), ['/bin/sh', '-c', PULL_SCRIPT, 'pct-pull', args.positional.path ?? '']);
  return streamProcess(ctx, proc);
}
