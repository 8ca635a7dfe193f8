/** Make sure a rootfs has the sandbox's private area and an up-to-date fstab before an exec. */
import fs from 'node:fs';
import { containerPaths, renderFstab } from './layout';

const prepared = new Set<string>();

/**
 * Idempotent and cheap after the first call per rootDir in this process. Refuses symlinks on the
 * way: the private area must be the directories we created, never something pointing elsewhere.
 */
export function ensurePrepared(rootDir: string): void {
  if (prepared.has(rootDir)) return;
  const { privateDir, fstab, usrLocal, repoDir } = containerPaths(rootDir);
  fs.mkdirSync(repoDir, { recursive: true, mode: 0o755 });
  for (const dir of [rootDir, `${rootDir}/dev`, privateDir, usrLocal]) {
    const st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!st) fs.mkdirSync(dir, { mode: 0o755 });
    else if (!st.isDirectory()) throw new Error(`kiln-sim: ${dir} is not a directory; the rootfs is damaged`);
  }
  const text = renderFstab(rootDir);
  const current = fs.readFileSync(fstab, { encoding: 'utf8', flag: 'a+' });
  if (current !== text) fs.writeFileSync(fstab, text, { mode: 0o600 });
  prepared.add(rootDir);
}

/** Forget a rootDir (it was destroyed; a new one may be created at the same path). */
export function forgetPrepared(rootDir: string): void {
  prepared.delete(rootDir);
}
