/**
 * Where a container's files live on the host and how its filesystem is assembled per exec.
 *
 * rootDir/            the container's `/` (etc, root, tmp, var, home, opt, srv, run, ...)
 * rootDir/usr         empty mount point: the host's /usr is bound here read-only
 * rootDir/dev/        on disk this holds the sandbox's private area; at run time a tmpfs
 *                     covers it, so nothing below is visible inside the container:
 *   .kiln-sim/fstab       mounts performed (in a private mount namespace) before each exec
 *   .kiln-sim/usr-local   the container's own writable /usr/local
 * Guest shims (apt-get, systemctl, journalctl, ...) are bound read-only from this package
 * over /usr/local/sbin and /usr/local/lib/kiln-sim.
 * rootDir/../.kiln-sim-repo   the simulator's package repositories (one per simulator: every
 *                     rootfs of a simulator lies in one directory), bound read-only at
 *                     /usr/local/share/kiln-sim/repo; see PACKAGES.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GUEST_DIR = fileURLToPath(new URL('./guest', import.meta.url));

/** The package repository directory of the simulator whose containers live in `rootfsBase`. */
export function packageRepoDir(rootfsBase: string): string {
  return path.join(rootfsBase, '.kiln-sim-repo');
}

export function containerPaths(rootDir: string) {
  const privateDir = path.join(rootDir, 'dev', '.kiln-sim');
  return {
    rootDir,
    privateDir,
    repoDir: packageRepoDir(path.dirname(rootDir)),
    fstab: path.join(privateDir, 'fstab'),
    usrLocal: path.join(privateDir, 'usr-local'),
  };
}

/** fstab fields are whitespace separated; libmount decodes octal escapes. */
function fstabEscape(p: string): string {
  return p.replace(/[\\\s]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** The mounts, in order, that turn rootDir into the container's filesystem. */
export function renderFstab(rootDir: string): string {
  const { usrLocal, repoDir } = containerPaths(rootDir);
  const r = (p: string) => fstabEscape(path.join(rootDir, p));
  const rows: [string, string, string, string][] = [
    ['/usr', r('usr'), 'none', 'bind,ro'],
    [fstabEscape(usrLocal), r('usr/local'), 'none', 'bind'],
    [fstabEscape(path.join(GUEST_DIR, 'sbin')), r('usr/local/sbin'), 'none', 'bind,ro,X-mount.mkdir'],
    [fstabEscape(path.join(GUEST_DIR, 'lib')), r('usr/local/lib/kiln-sim'), 'none', 'bind,ro,X-mount.mkdir'],
    [fstabEscape(repoDir), r('usr/local/share/kiln-sim/repo'), 'none', 'bind,ro,X-mount.mkdir'],
    // Read-only proc: no sysrq-trigger or sysctl writes from inside.
    ['proc', r('proc'), 'proc', 'ro,nosuid,nodev,noexec'],
    // Mounted last among the /dev-related entries: it hides the private area above.
    ['tmpfs', r('dev'), 'tmpfs', 'mode=755,size=1m,nosuid'],
    ['tmpfs', r('dev/shm'), 'tmpfs', 'mode=1777,size=64m,nosuid,nodev,X-mount.mkdir'],
    ['devpts', r('dev/pts'), 'devpts', 'newinstance,ptmxmode=0666,mode=0620,nosuid,noexec,X-mount.mkdir'],
  ];
  return `${rows.map((row) => `${row.join(' ')} 0 0`).join('\n')}\n`;
}
