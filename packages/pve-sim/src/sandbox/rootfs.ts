/**
 * Lay out and remove a container's filesystem tree. Called by the API side when it "extracts the
 * template" on create and when it destroys a container.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COPIED_FROM_HOST, etcFiles, type Distribution } from './etc-files';
import { guestSeed } from './guest-bridge';
import { ensurePrepared, forgetPrepared } from './prepare';
import { stopInit } from './init';
import { killContainerProcesses } from './spawn';

const DIRS: [string, number][] = [
  ['etc', 0o755],
  ['etc/systemd/system', 0o755],
  ['etc/default', 0o755],
  ['etc/apt', 0o755],
  ['root', 0o700],
  ['tmp', 0o1777],
  ['var', 0o755],
  ['var/tmp', 0o1777],
  ['var/log', 0o755],
  ['var/lib/dpkg', 0o755],
  ['var/lib/kiln-sim', 0o755],
  ['var/cache', 0o755],
  ['var/spool', 0o755],
  ['var/mail', 0o2775],
  ['home', 0o755],
  ['opt', 0o755],
  ['srv', 0o755],
  ['run', 0o755],
  ['run/lock', 0o1777],
  ['mnt', 0o755],
  ['media', 0o755],
  ['boot', 0o755],
  ['proc', 0o555],
  ['dev', 0o755],
  ['usr', 0o755],
];
const LINKS: [string, string][] = [
  ['bin', 'usr/bin'],
  ['lib', 'usr/lib'],
  ['lib64', 'usr/lib64'],
  ['sbin', 'usr/sbin'],
  ['var/run', '/run'],
  ['var/lock', '/run/lock'],
  ['etc/localtime', '/usr/share/zoneinfo/Etc/UTC'],
];

export interface RootfsOptions {
  hostname: string;
  /** PVE volume id of the template, e.g. `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`. */
  ostemplate: string;
}

/**
 * Create the container's `/` at rootDir (which may already exist, empty). Every container gets a
 * Debian 12 userland: its binaries are the host's /usr, mounted read-only at exec time. An Alpine
 * template's container says it is Alpine (/etc/os-release, /etc/alpine-release), so `apk` works there;
 * a Fedora or Rocky one says so too (/etc/redhat-release), so `dnf` and `rpm` work there.
 */
export async function createRootfs(rootDir: string, opts: RootfsOptions): Promise<void> {
  await fs.promises.mkdir(rootDir, { recursive: true, mode: 0o755 });
  for (const [dir, mode] of DIRS) {
    const full = path.join(rootDir, dir);
    await fs.promises.mkdir(full, { recursive: true });
    await fs.promises.chmod(full, mode);
  }
  for (const [link, target] of LINKS) {
    await fs.promises.rm(path.join(rootDir, link), { force: true, recursive: true });
    await fs.promises.symlink(target, path.join(rootDir, link));
  }
  for (const [file, [text, mode]] of Object.entries(etcFiles(opts.hostname, distributionOf(opts.ostemplate)))) {
    await fs.promises.mkdir(path.dirname(path.join(rootDir, file)), { recursive: true });
    await fs.promises.writeFile(path.join(rootDir, file), text, { mode });
    await fs.promises.chmod(path.join(rootDir, file), mode);
  }
  for (const rel of COPIED_FROM_HOST) {
    const from = `/${rel}`;
    if (!fs.existsSync(from)) continue;
    await fs.promises.cp(from, path.join(rootDir, rel), { recursive: true, verbatimSymlinks: true, force: true });
  }
  await fs.promises.writeFile(path.join(rootDir, 'var/lib/kiln-sim/template'), `${opts.ostemplate}\n`);
  ensurePrepared(rootDir);
  guestSeed.seedRootfs(rootDir, { hostname: opts.hostname });
}

/** Stop whatever still runs in the container, then remove its whole tree. */
/**
 * `local:vztmpl/alpine-3.22-default_...` -> alpine, `fedora-42-default_...` -> fedora,
 * `rockylinux-9-default_...` -> rocky; everything else gets Debian's files.
 */
export function distributionOf(ostemplate: string): Distribution {
  const name = /(?:^|[/:])([a-z]+)-[^/:]*$/.exec(ostemplate)?.[1];
  if (name === 'alpine') return 'alpine';
  if (name === 'fedora') return 'fedora';
  if (name === 'rockylinux') return 'rocky';
  return 'debian';
}

export async function destroyRootfs(rootDir: string): Promise<void> {
  killContainerProcesses(rootDir);
  await stopInit(rootDir);
  forgetPrepared(rootDir);
  // No mount ever exists on the host under rootDir (they live in the container's own namespace), and
  // fs.rm never follows symlinks, so this cannot reach outside the tree.
  await fs.promises.rm(rootDir, { recursive: true, force: true, maxRetries: 3 });
}
