/**
 * A running container's namespaces, held by one long-lived process per container (its "init"):
 * `unshare` creates the mount/PID/UTS/IPC/network namespaces, its child assembles the filesystem
 * from the fstab, then becomes PID 1 (a shell that only reaps orphans) chrooted into the rootfs.
 * Every exec joins these namespaces with nsenter, so a daemon a service start leaves behind keeps
 * running after the exec ends, and every exec sees the same network (lo, the guest's NICs).
 * Stopping the container kills the init; the kernel then kills everything in its PID namespace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { containerPaths } from './layout';
import { hostTools } from './host-tools';
import { ensurePrepared } from './prepare';
import { attachGuestNetwork, type AttachedNetwork } from './network';
import type { SandboxTarget } from './spawn';

const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'ptmx', 'fd', 'stdin', 'stdout', 'stderr'];

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * PID 1: reap every orphan (daemons whose exec ended are re-parented here) until killed. It also
 * writes a line to the simulator every 10 s: when the simulator died without stopping it (SIGKILL),
 * the write fails and the container ends instead of living on.
 */
const REAPER = 'echo ready; while echo; do sleep 10 & wait; done';

/** Runs on the host inside the new namespaces. $1 rootDir, $2 hostname, $3 vmid. */
function initScript(): string {
  const t = hostTools();
  return [
    'R=$1; H=$2; V=$3',
    `${q(t.mount)} -a -T "$R/dev/.kiln-sim/fstab" || { echo "kiln-sim: cannot assemble the filesystem of CT $V" >&2; exit 125; }`,
    `${q(t.cp)} -a ${DEVICES.map((d) => `/dev/${d}`).join(' ')} "$R/dev/" || exit 125`,
    `printf '%s' "$H" > /proc/sys/kernel/hostname`,
    // A new network namespace starts with loopback down; containers have it up.
    ...(t.ip ? [`${q(t.ip)} link set lo up 2>/dev/null`] : []),
    `exec ${q(t.chroot)} "$R" /bin/sh -c ${q(REAPER)}`,
  ].join('\n');
}

export interface ContainerInit {
  /** Host PID of `unshare`: its mount/UTS/IPC/net namespaces and `pid_for_children` are the container's. */
  readonly pid: number;
  /** Written (on the host side of the rootfs' private area) once the namespaces are assembled and wired. */
  readonly readyFile: string;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  network?: AttachedNetwork;
  kill(): void;
}

const inits = new Map<string, ContainerInit>();

function startInit(target: SandboxTarget): ContainerInit {
  ensurePrepared(target.rootDir);
  const t = hostTools();
  const hostname = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(target.hostname) ? target.hostname : `CT${target.vmid}`;
  const child: ChildProcess = spawn(
    t.unshare,
    ['--mount', '--pid', '--fork', '--uts', '--ipc', '--net', '--propagation', 'private', '--kill-child', t.sh, '-c', initScript(), 'kiln-init', target.rootDir, hostname, String(target.vmid)],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  if (child.pid === undefined) throw new Error(`kiln-sim: cannot start CT ${target.vmid}: unshare did not start`);
  const pid = child.pid;
  const { privateDir } = containerPaths(target.rootDir);
  for (const old of fs.readdirSync(privateDir).filter((f) => f.startsWith('init-'))) fs.rmSync(path.join(privateDir, old), { force: true });
  const readyFile = path.join(privateDir, `init-${pid}.ready`);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const init: ContainerInit = {
    pid,
    readyFile,
    exited,
    ready: new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      void exited.then(() => reject(new Error(stderr.trim() || `kiln-sim: the init of CT ${target.vmid} ended`)));
    }).then(async () => {
      init.network = await attachGuestNetwork(target, pid);
      fs.writeFileSync(readyFile, '');
    }),
    kill: () => {
      void init.network?.detach();
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
  // A failed start is reported to whoever waits on `ready`; execs waiting for the file see the init gone.
  init.ready.catch(() => init.kill());
  void exited.then(() => {
    void init.network?.detach();
    fs.rmSync(readyFile, { force: true });
    if (inits.get(target.rootDir) === init) inits.delete(target.rootDir);
  });
  return init;
}

/** The container's init, started on first use (a running container after a simulator restart, or a seeded one). */
export function containerInit(target: SandboxTarget): ContainerInit {
  let init = inits.get(target.rootDir);
  if (!init) {
    init = startInit(target);
    inits.set(target.rootDir, init);
  }
  return init;
}

export async function ensureInit(target: SandboxTarget): Promise<ContainerInit> {
  const init = containerInit(target);
  await init.ready;
  return init;
}

/** The container stopped: everything in it dies with its PID 1. */
export async function stopInit(rootDir: string): Promise<void> {
  const init = inits.get(rootDir);
  if (!init) return;
  inits.delete(rootDir);
  init.kill();
  await init.exited;
  await init.network?.detach();
}

/** Every container init below `baseDir` (a simulator closing). */
export async function stopInitsUnder(baseDir: string): Promise<void> {
  const prefix = baseDir.endsWith('/') ? baseDir : `${baseDir}/`;
  await Promise.all([...inits.keys()].filter((dir) => dir.startsWith(prefix)).map((dir) => stopInit(dir)));
}
