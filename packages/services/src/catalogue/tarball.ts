/**
 * Catalogue sources published as a tarball over HTTPS (`…/archive/refs/heads/main.tar.gz`, a
 * release asset): downloaded by the worker (@kiln/pve/download), hashed, unpacked in memory. Only
 * regular files are read (no links: nothing in the archive can point the reader elsewhere); a
 * single top-level folder (GitHub's `repo-<ref>/`) is taken off the paths.
 */
import { createHash } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { download } from '@kiln/pve/download';
import { MAX_SOURCE_FILE_BYTES } from './git';

/** The download, compressed. The upstream helper scripts are a few MiB. */
export const MAX_TARBALL_BYTES = 64 * 1024 * 1024;
/** Unpacked: a gzip bomb stops here. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const TARBALL_TIMEOUT_MS = 120_000;

export { isTarballUrl } from '../schemas/catalogue';

export interface TarFile {
  path: string;
  size: number;
  /** Read for the files the caller keeps (and not larger than a source file may be). */
  content?: Buffer;
}

interface TarEntry {
  path: string;
  size: number;
  /** A view into the archive (not a copy). */
  data: Buffer;
}

const field = (b: Buffer, at: number, len: number) => {
  const end = b.indexOf(0, at);
  return b.toString('utf8', at, end >= 0 && end < at + len ? end : at + len);
};
const octal = (b: Buffer, at: number, len: number) => parseInt(field(b, at, len).trim() || '0', 8);

/** pax extended header records: `<len> key=value\n`. */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const len = Number(data.toString('utf8', at, space));
    if (!(len > 0)) break;
    const rec = data.toString('utf8', space + 1, at + len - 1);
    if (rec.startsWith('path=')) return rec.slice(5);
    at += len;
  }
  return undefined;
}

/** The regular files of a (ustar, pax or GNU) tar archive. Throws on an archive that is not one. */
export function readTar(tar: Buffer): TarEntry[] {
  const files: TarEntry[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= tar.length) {
    const h = tar.subarray(at, at + 512);
    if (h.every((x) => x === 0)) break;
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] ?? 0);
    const prefix = field(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    const dataAt = at + 512;
    if (!Number.isFinite(size) || dataAt + size > tar.length) throw new Error('the archive is truncated or not a tar archive');
    const data = tar.subarray(dataAt, dataAt + size);
    longName = undefined;
    if (type === 'x') longName = paxPath(data);
    else if (type === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
    else if (type === '0' || type === '\0' || type === '7') {
      const path = name.replace(/^\.\//, '');
      files.push({ path, size, data });
    }
    at = dataAt + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** GitHub's archives put everything under `repo-<ref>/`: one shared top folder is not part of the paths. */
function stripTopFolder(files: TarEntry[]): TarEntry[] {
  const top = files[0]?.path.split('/')[0];
  if (!top || !files.every((f) => f.path.startsWith(`${top}/`))) return files;
  return files.map((f) => ({ ...f, path: f.path.slice(top.length + 1) }));
}

export interface FetchedTarball {
  /** `sha256:<hex>` of the archive as downloaded: what a template's provenance names as its commit. */
  commit: string;
  files: TarFile[];
}

/** Downloads and unpacks a tarball source; `keep` names the files whose content is wanted. */
export async function fetchTarball(url: string, keep: (path: string) => boolean, lookup?: LookupFunction): Promise<FetchedTarball> {
  const { body } = await download(url, { maxBytes: MAX_TARBALL_BYTES, timeoutMs: TARBALL_TIMEOUT_MS, lookup });
  const commit = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  let tar: Buffer;
  try {
    tar = gunzipSync(body, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (e) {
    if (e instanceof RangeError) throw new Error(`${url} unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB, the most Kiln reads for a source.`, { cause: e });
    throw new Error(`${url} is not a gzip-compressed tar archive (${(e as Error).message}).`, { cause: e });
  }
  let entries: TarEntry[];
  try {
    entries = stripTopFolder(readTar(tar));
  } catch (e) {
    throw new Error(`${url}: ${(e as Error).message}`, { cause: e });
  }
  // Copies of the kept files only, so the unpacked archive can go.
  const files = entries.map((f): TarFile => (keep(f.path) && f.size <= MAX_SOURCE_FILE_BYTES ? { path: f.path, size: f.size, content: Buffer.from(f.data) } : { path: f.path, size: f.size }));
  return { commit, files };
}
