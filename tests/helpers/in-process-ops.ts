/**
 * What tests that run operations in their own process need (on a Redis prefix of their own, so the
 * test stack's worker never takes them): the deps of services and runners, and a fingerprint of a
 * container's root tree on disk (rollback tests compare it before and after). Import it after
 * `applyEnvironment` has set the prefix.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '@kiln/core';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { VmidService } from '@kiln/services';

export const deps = () => ({ db: getDb(), redis: getRedis() });

export const opDeps = () => ({ ...deps(), vmids: new VmidService(getDb(), getRedis()), log: createLogger('test', 'warn'), workerId: `test:${process.pid}`, leaseMs: 30_000 });

/** Every file, link and directory below `root` (mode, owner, content hash); the pseudo filesystems are left out. */
export async function rootTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const skip = new Set(['proc', 'dev', 'sys', 'run', 'tmp']);
  async function walk(rel: string) {
    for (const name of await readdir(path.join(root, rel))) {
      const r = path.join(rel, name);
      if (rel === '' && skip.has(name)) continue;
      const st = await lstat(path.join(root, r));
      const head = `${st.mode.toString(8)} ${st.uid}:${st.gid}`;
      if (st.isSymbolicLink()) out[r] = `${head} -> ${await readlink(path.join(root, r))}`;
      else if (st.isDirectory()) {
        out[r] = `${head} dir`;
        await walk(r);
      } else
        out[r] = `${head} ${createHash('sha256')
          .update(await readFile(path.join(root, r)))
          .digest('hex')}`;
    }
  }
  await walk('');
  return out;
}
