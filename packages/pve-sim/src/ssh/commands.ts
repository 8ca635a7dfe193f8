/**
 * What the simulated node answers to an SSH exec request: the command string is split like bash
 * would for a simple command and run by a small set of built-in programs. Nothing ever runs
 * through a host shell; commands for containers go through `pct` into the sandbox.
 */
import type { SimContainerInfo } from '../cluster-view';
import { println, type CommandContext } from './context';
import { configLines } from './pct/manage';
import { runPct } from './pct/index';
import { parseShellWords } from './shell-words';

export const PVE_VERSION_LINE = 'pve-manager/9.1.1/42db4a6cf33dac83 (running kernel: 6.17.2-1-pve)';
const PVE_VERSION_VERBOSE = [
  'proxmox-ve: 9.1.0 (running kernel: 6.17.2-1-pve)',
  'pve-manager: 9.1.1 (running version: 9.1.1/42db4a6cf33dac83)',
  'proxmox-kernel-6.17.2-1-pve-signed: 6.17.2-1',
  'lxc-pve: 6.0.5-3',
  'lxcfs: 6.0.4-pve1',
  'pve-container: 6.0.18',
  'pve-cluster: 9.0.7',
];

type Program = (ctx: CommandContext, args: readonly string[]) => Promise<number> | number;

/** name -> [path shown by `command -v`/`which` (bare name for shell builtins), implementation] */
const PROGRAMS: Record<string, [string, Program]> = {
  pct: ['/usr/sbin/pct', runPct],
  pveversion: ['/usr/bin/pveversion', pveversion],
  true: ['true', () => 0],
  false: ['false', () => 1],
  echo: ['echo', echo],
  exit: ['exit', (_ctx, [code]) => (code === undefined ? 0 : Number(code) & 255)],
  hostname: ['/usr/bin/hostname', (ctx) => (println(ctx, 'stdout', ctx.node), 0)],
  cat: ['/usr/bin/cat', cat],
  command: ['command', commandBuiltin],
  which: ['/usr/bin/which', which],
  arping: ['/usr/sbin/arping', arping],
};
const BUILTIN_DISK_PATH: Record<string, string> = { true: '/usr/bin/true', false: '/usr/bin/false', echo: '/usr/bin/echo' };

/**
 * iputils `arping [-c count] [-w deadline] -I iface address` as a node runs it: a reply from a
 * running guest with that address on the bridge (exit 0), none (exit 1), bad usage or an unknown
 * interface (exit 2). Answers at once: the simulator has no wire to wait on.
 */
function arping(ctx: CommandContext, args: readonly string[]): number {
  let count = 1;
  let iface: string | undefined;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') count = Math.max(1, Number(args[++i]) || 1);
    else if (a === '-w' || a === '-W') i++;
    else if (a === '-I') iface = args[++i];
    else if (a === '-q' || a === '-b' || a === '-f') continue;
    else if (!a.startsWith('-')) target = a;
  }
  if (!iface || !target || !/^\d+\.\d+\.\d+\.\d+$/.test(target)) {
    println(ctx, 'stderr', 'Usage: arping [-fqbDUAV] [-c count] [-w timeout] [-I device] [-s source] destination');
    return 2;
  }
  if (!/^vmbr\d+$/.test(iface)) {
    println(ctx, 'stderr', `arping: Device ${iface} not available.`);
    return 2;
  }
  println(ctx, 'stdout', `ARPING ${target} from 0.0.0.0 ${iface}`);
  const mac = ctx.view.arpNeighbour?.(iface, target);
  if (mac) for (let i = 0; i < count; i++) println(ctx, 'stdout', `Unicast reply from ${target} [${mac}]  0.${600 + i * 13}ms`);
  println(ctx, 'stdout', `Sent ${count} probes (${count} broadcast(s))`);
  println(ctx, 'stdout', `Received ${mac ? count : 0} response(s)`);
  return mac ? 0 : 1;
}

function pveversion(ctx: CommandContext, args: readonly string[]): number {
  const verbose = args.some((a) => a === '-v' || a === '--verbose');
  for (const line of verbose ? PVE_VERSION_VERBOSE : [PVE_VERSION_LINE]) println(ctx, 'stdout', line);
  return 0;
}

function echo(ctx: CommandContext, args: readonly string[]): number {
  const noNewline = args[0] === '-n';
  const text = (noNewline ? args.slice(1) : args).join(' ');
  if (noNewline) ctx.stdout.write(text);
  else println(ctx, 'stdout', text);
  return 0;
}

/** `command -v name...`: bash prints builtins by name and programs by path; exit 1 if any is missing. */
function commandBuiltin(ctx: CommandContext, args: readonly string[]): Promise<number> | number {
  if (args[0] !== '-v' && args[0] !== '-V') return args.length ? runArgv(ctx, args) : 0;
  let code = 0;
  for (const name of args.slice(1)) {
    const found = PROGRAMS[name];
    if (found) println(ctx, 'stdout', args[0] === '-V' ? `${name} is ${found[0]}` : found[0]);
    else code = 1;
  }
  return code;
}

function which(ctx: CommandContext, args: readonly string[]): number {
  let code = 0;
  for (const name of args.filter((a) => !a.startsWith('-'))) {
    const found = PROGRAMS[name];
    if (!found) code = 1;
    else println(ctx, 'stdout', BUILTIN_DISK_PATH[name] ?? (found[0].startsWith('/') ? found[0] : `/usr/bin/${name}`));
  }
  return code;
}

/** The only node files the simulator has: the CT configs under /etc/pve (pmxcfs). */
function pveFile(ctx: CommandContext, file: string): string | undefined {
  const m = /^\/etc\/pve\/(?:nodes\/([^/]+)\/)?lxc\/(\d+)\.conf$/.exec(file);
  if (!m) return file === '/etc/hostname' ? `${ctx.node}\n` : undefined;
  const node = m[1] ?? ctx.node;
  const ct: SimContainerInfo | undefined = ctx.view.getContainer(Number(m[2]));
  if (!ct || ct.node !== node) return undefined;
  const { description, ...rest } = ct.config;
  const comments = description
    ? `${description
        .split('\n')
        .map((l) => `#${l}`)
        .join('\n')}\n`
    : '';
  return `${comments}${configLines(rest).join('\n')}\n`;
}

function cat(ctx: CommandContext, args: readonly string[]): number {
  let code = 0;
  for (const file of args) {
    const text = pveFile(ctx, file);
    if (text === undefined) {
      println(ctx, 'stderr', `cat: ${file}: No such file or directory`);
      code = 1;
    } else ctx.stdout.write(text);
  }
  return code;
}

async function runArgv(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) return 0;
  const program = PROGRAMS[name];
  if (program) return program[1](ctx, args);
  const why = name.includes('/') ? 'No such file or directory' : 'command not found';
  println(ctx, 'stderr', `bash: line 1: ${name}: ${why}`);
  return 127;
}

/** Run an exec request's command string; returns the exit status to report. */
export async function runCommandString(ctx: CommandContext, command: string): Promise<number> {
  const parsed = parseShellWords(command);
  if (!parsed.ok) {
    const text =
      parsed.kind === 'syntax' ? `bash: -c: line 1: ${parsed.message}` : `kiln-sim: the simulated node runs simple commands only (argv, quoted for a POSIX shell); not supported: ${parsed.message}`;
    println(ctx, 'stderr', text);
    return 2;
  }
  return runArgv(ctx, parsed.argv);
}
