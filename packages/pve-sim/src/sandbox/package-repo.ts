/**
 * The simulator's package repositories, host side: tests publish newer versions of packages here
 * and containers see them after their next `apt-get update` / `apk update` / dnf metadata refresh (guest/lib/repo.cjs
 * reads the same files through a read-only bind mount). See PACKAGES.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageRepoDir } from './layout';

/** `fedora`: the rpm repository dnf reads in Fedora and Rocky Linux containers. */
export type PackageFamily = 'debian' | 'alpine' | 'fedora';
const FAMILIES: readonly PackageFamily[] = ['debian', 'alpine', 'fedora'];

export interface PublishedPackage {
  /** Package name as installed (`nginx`, `curl`). */
  name: string;
  /** The new version; upgrades happen only where it is newer than the installed one. */
  version: string;
  /**
   * Debian: served from bookworm-security (`Debian-Security:12/stable-security`). Fedora/Rocky: the
   * update has a security advisory (`dnf updateinfo list --security`, `dnf upgrade --security`).
   */
  security?: boolean;
  /** Files the new version installs: written into the container's rootfs by the upgrade. */
  files?: Record<string, string>;
  /** Units the upgrade restarts when they are active (Debian; default: the package's own units). */
  restarts?: string[];
  /**
   * Make the upgrade fail half-way: `unpack` after `afterFiles` of `files` were written (default
   * half), `postinst` after all files and the new version were recorded (dpkg: half-configured,
   * the restarted services fail). apt exits 100, apk with its error count. dnf (rpm): `prein` is a
   * failing %pre scriptlet (that package is not upgraded, the rest of the transaction is; exit 1),
   * `postinst` a failing %post (files and version are new, services fail; rpm calls it non-fatal:
   * exit 0), `unpack` a cpio error (nothing of that package written; exit 1). `prein` is rpm only.
   */
  fail?: { at: 'unpack' | 'postinst' | 'prein'; afterFiles?: number };
  /** Download time: the upgrade holds the package manager's lock at least this long. */
  delayMs?: number;
  /** What the package's programs print for `--version` after the upgrade (Debian stand-ins). */
  binVersion?: string;
}

interface RepoIndex {
  serial: number;
  packages: Record<string, Omit<PublishedPackage, 'name'>>;
}

export interface PackageRepository {
  /** Publishes (or replaces) a version of a package for one family. */
  publish(family: PackageFamily, pkg: PublishedPackage): void;
  /** Withdraws what was published for a package. */
  withdraw(family: PackageFamily, name: string): void;
  /** What is published now. */
  list(family: PackageFamily): PublishedPackage[];
  /** Withdraws everything. */
  reset(): void;
}

/** The repositories of the simulator whose data dir is `dataDir` (containers under `<dataDir>/rootfs`). */
export function packageRepository(dataDir: string): PackageRepository {
  const dir = packageRepoDir(path.join(path.resolve(dataDir), 'rootfs'));
  const file = (family: PackageFamily) => path.join(dir, `${family}.json`);
  const read = (family: PackageFamily): RepoIndex => {
    try {
      return JSON.parse(fs.readFileSync(file(family), 'utf8')) as RepoIndex;
    } catch {
      return { serial: 0, packages: {} };
    }
  };
  const write = (family: PackageFamily, change: (index: RepoIndex) => void) => {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const index = read(family);
    change(index);
    index.serial += 1;
    // Readers in containers never see half a file: write aside, then rename.
    const tmp = `${file(family)}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(index), { mode: 0o644 });
    fs.renameSync(tmp, file(family));
  };
  return {
    publish: (family, { name, ...rest }) => {
      if (rest.fail?.at === 'prein' && family !== 'fedora') throw new Error(`kiln-sim: fail.at 'prein' is simulated for rpm (family 'fedora') only, not ${family}`);
      write(family, (index) => void (index.packages[name] = rest));
    },
    withdraw: (family, name) => write(family, (index) => void delete index.packages[name]),
    list: (family) => Object.entries(read(family).packages).map(([name, p]) => ({ name, ...p })),
    reset: () => {
      for (const family of FAMILIES) write(family, (index) => void (index.packages = {}));
    },
  };
}
