/**
 * Run one command inside a running container: it joins the namespaces the container's init holds
 * (mount, PID, UTS, IPC, network; see init.ts) with nsenter, chroots into the rootfs and drops to
 * a reduced capability set. Process chain: nsenter -> (fork) chroot -> setpriv -> sh (cwd) -> argv.
 * Like lxc-attach, what the command leaves running in the background stays in the container
 * (a started service's daemon) until the container stops.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { hostTools, sandboxMode } from './host-tools';
import { containerInit } from './init';
import { resizePty } from './pty-resize';

export interface SandboxTarget {
  vmid: number;
  rootDir: string;
  hostname: string;
}

export interface SandboxSpawnOptions {
  /** Environment inside the container (PATH and HOME are provided when absent). */
  env?: Record<string, string>;
  /** Run on a pseudo-terminal allocated inside the container (for `pct enter`). */
  tty?: { cols: number; rows: number; term?: string };
}

export interface SandboxProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  /** Empty on a TTY: the terminal merges both streams into stdout. */
  readonly stderr: Readable;
  /** Exit code; a death by signal N is reported as 128 + N, like a shell does. */
  readonly exit: Promise<number>;
  /** Kill the command and everything it started. */
  kill(): void;
  /** Deliver a signal to the command's process group. */
  signal(name: NodeJS.Signals): void;
  /** Change the terminal size (TTY only; best effort). */
  resize(cols: number, rows: number): void;
}

export const CONTAINER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Docker's default set minus MKNOD, NET_RAW and SYS_CHROOT (a chroot, not pivot_root, confines us). */
const KEPT_CAPS = ['chown', 'dac_override', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid', 'setpcap', 'net_bind_service', 'audit_write', 'setfcap'];

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** nsenter's arguments: the init's namespaces (its children's PID namespace), then the confined command. */
function enterArgs(initPid: number, rootDir: string, command: readonly string[]): string[] {
  const t = hostTools();
  const ns = (name: string) => `/proc/${initPid}/ns/${name}`;
  return [
    `--mount=${ns('mnt')}`,
    `--uts=${ns('uts')}`,
    `--ipc=${ns('ipc')}`,
    `--net=${ns('net')}`,
    `--pid=${ns('pid_for_children')}`,
    '--',
    t.chroot,
    rootDir,
    t.setpriv,
    '--inh-caps=-all',
    `--bounding-set=-all,${KEPT_CAPS.map((c) => `+${c}`).join(',')}`,
    '--',
    '/bin/sh',
    '-c',
    INNER,
    'kiln-exec',
    ...command,
  ];
}

/** Runs inside the container: start in /root like lxc-attach from an ssh session, report a missing program like lxc-attach. */
const INNER = [
  'cd /root 2>/dev/null || cd /',
  'if ! command -v -- "$1" >/dev/null 2>&1; then',
  `  printf 'lxc-attach: %s: ../src/lxc/attach.c: lxc_attach_run_command: 1841 No such file or directory - Failed to exec "%s"\\n' "$0" "$1" >&2`,
  '  exit 127',
  'fi',
  'exec "$@"',
].join('\n');

const live = new Map<string, Set<SandboxProcess>>();

/** Kill every running exec of the container at rootDir (container stopped or destroyed). */
export function killContainerProcesses(rootDir: string): void {
  for (const proc of live.get(rootDir) ?? []) proc.kill();
}

/** Host side: wait until the init is ready (its file appears; it dying ends the wait), then enter. $1 ready file, $2 init pid, then nsenter argv. */
const WAIT_AND_ENTER = [
  'F=$1 P=$2; shift 2',
  'while [ ! -e "$F" ]; do',
  '  [ -d "/proc/$P" ] || { echo "kiln-sim: the container did not start" >&2; exit 125; }',
  '  sleep 0.02',
  'done',
  'exec "$@"',
].join('\n');

export function spawnInContainer(target: SandboxTarget, argv: readonly string[], opts: SandboxSpawnOptions = {}): SandboxProcess {
  if (sandboxMode() !== 'namespaces') throw new Error('sandbox unavailable (record-only mode)');
  if (argv.length === 0) throw new Error('spawnInContainer: empty argv');
  const t = hostTools();
  const init = containerInit(target);
  const command = opts.tty ? ['/usr/bin/script', '-qfec', `stty cols ${opts.tty.cols} rows ${opts.tty.rows} 2>/dev/null; exec ${argv.map(q).join(' ')}`, '/dev/null'] : [...argv];
  const env: Record<string, string> = { PATH: CONTAINER_PATH, HOME: '/root', ...opts.env };
  if (opts.tty) Object.assign(env, { TERM: opts.tty.term || 'xterm', SHELL: '/bin/sh' });
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    t.sh,
    ['-c', WAIT_AND_ENTER, 'kiln-exec', init.readyFile, String(init.pid), t.nsenter, ...enterArgs(init.pid, target.rootDir, command)],
    { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  // A command that exits without reading its stdin must not crash us with EPIPE.
  child.stdin.on('error', () => {});
  const exit = new Promise<number>((resolve) => {
    child.on('error', () => resolve(126));
    child.on('close', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
  const group = (sig: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const proc: SandboxProcess = {
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    exit,
    kill: () => group('SIGKILL'),
    signal: (name) => group(name),
    resize: (cols, rows) => {
      if (opts.tty && child.pid !== undefined) resizePty(child.pid, cols, rows);
    },
  };
  const set = live.get(target.rootDir) ?? new Set();
  live.set(target.rootDir, set.add(proc));
  void exit.then(() => {
    set.delete(proc);
    if (set.size === 0) live.delete(target.rootDir);
  });
  return proc;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? os.constants.signals[signal] : 0;
}
