/**
 * Whole-tree copies of a container's root filesystem: what a storage snapshot, a rollback and a
 * restore do to the disk in the simulator. Full copies, not hard links: a guest that rewrites a
 * file in place (`echo x > f`) must not change the snapshot through a shared inode.
 */
import fs from 'node:fs';
import { forgetPrepared } from './prepare';
import { killContainerProcesses } from './spawn';

/** Copies `from` to `to` (which must not exist yet); symlinks are copied as links. */
export async function copyTree(from: string, to: string): Promise<void> {
  await fs.promises.rm(to, { recursive: true, force: true });
  await fs.promises.cp(from, to, {
    recursive: true,
    verbatimSymlinks: true,
    preserveTimestamps: true,
    // reflinks where the filesystem has them (btrfs, xfs), a plain copy elsewhere
    mode: fs.constants.COPYFILE_FICLONE,
  });
}

/** Replaces the tree at `rootDir` with a copy of `from`; nothing may run in it any more. */
export async function replaceTree(from: string, rootDir: string): Promise<void> {
  killContainerProcesses(rootDir);
  forgetPrepared(rootDir);
  await fs.promises.rm(rootDir, { recursive: true, force: true, maxRetries: 3 });
  await copyTree(from, rootDir);
}

/** Removes a copy made by `copyTree` (fs.rm never follows symlinks out of the tree). */
export async function removeTree(dir: string): Promise<void> {
  await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
