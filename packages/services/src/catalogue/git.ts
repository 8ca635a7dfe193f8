/**
 * Fetching a catalogue source with the `git` CLI (argv arrays, never a shell), in the worker only.
 * Files are read from git's object store (`ls-tree` + `cat-file --batch`), never from a checkout,
 * so a symlink in the tree cannot point the reader at the Kiln host's own files.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { ValidationError } from '@kiln/core';

/** A file bigger than this is not read (kiln/v1 files are at most 512 KiB; scripts are far smaller). */
export const MAX_SOURCE_FILE_BYTES = 1024 * 1024;
/** A fetch or read that takes longer is stuck (a slow server, a huge repository). */
const GIT_TIMEOUT_MS = 120_000;

export class GitMissingError extends ValidationError {
  constructor() {
    super('The git program is not installed on the Kiln server (the worker runs `git` to fetch catalogue sources). Install git (e.g. apt-get install git) and sync again.');
  }
}

/**
 * git runs with an environment of its own, not the worker's (which holds Kiln's secrets): no
 * prompts, no system or user config. With SAFE_CONFIG: only http(s) transports (no file://, ssh, ext::).
 */
const GIT_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/homebrew/bin',
  HOME: '/nonexistent',
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_ASKPASS: 'true',
  LC_ALL: 'C',
} as Record<string, string> as NodeJS.ProcessEnv;
const SAFE_CONFIG = ['-c', 'protocol.allow=never', '-c', 'protocol.http.allow=always', '-c', 'protocol.https.allow=always', '-c', 'http.followRedirects=false'];

interface GitRun {
  stdout: string;
  stderr: string;
}

function git(args: string[], options: { cwd?: string } = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: options.cwd, env: GIT_ENV, timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new GitMissingError());
        const detail = String(stderr).trim().split('\n').slice(-3).join(' ') || err.message;
        return reject(new Error(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed: ${detail}`));
      }
      resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** git's version ("2.39.5"), or GitMissingError. */
export async function gitVersion(): Promise<string> {
  const { stdout } = await git(['--version']);
  return stdout.replace(/^git version\s*/, '').trim();
}

export interface FetchOptions {
  url: string;
  /** A branch or tag; ignored when `commit` is set. */
  ref: string;
  commit?: string | null;
  /** The source's own cache directory (a bare repository is made there). */
  cacheDir: string;
  /** `host:port:address`: connect to this address for the URL's host (the guarded lookup's answer). */
  resolve?: string;
}

const SHA = /^[0-9a-f]{40}$/;

/**
 * Fetches the ref (or the pinned commit) into the cache and returns the commit it names. Shallow
 * when the server allows it; a dumb HTTP server (static files) does not, so then it fetches the
 * whole history once and incrementally afterwards.
 */
export async function fetchSource(o: FetchOptions): Promise<string> {
  await fs.mkdir(o.cacheDir, { recursive: true });
  await git(['init', '-q', '--bare', o.cacheDir]);
  const base = [...SAFE_CONFIG, ...(o.resolve ? ['-c', `http.curloptResolve=${o.resolve}`] : []), '-C', o.cacheDir, 'fetch', '-q', '--no-tags', '--force'];
  const target = o.commit ?? o.ref;
  if (!o.commit && (target.startsWith('-') || /\s/.test(target))) throw new ValidationError(`"${target}" is not a branch or tag name`);
  const spec = ['--', o.url, target];
  try {
    await git([...base, '--depth', '1', ...spec]);
  } catch (e) {
    // A dumb server cannot do shallow; a server may refuse to hand out a commit by id.
    if (!/shallow|dumb|not our ref|unadvertised|couldn't find remote ref|upload-pack: not our ref/i.test((e as Error).message)) throw e;
    if (o.commit) {
      await git([...base, ...['--', o.url, o.ref]]).catch(() => git([...base, ...spec]));
    } else {
      await git([...base, ...spec]);
    }
  }
  const rev = o.commit ? `${o.commit}^{commit}` : 'FETCH_HEAD^{commit}';
  const { stdout } = await git(['-C', o.cacheDir, 'rev-parse', '--verify', '--quiet', rev]).catch(() => {
    throw new Error(o.commit ? `commit ${o.commit} is not on ${o.url} (${o.ref})` : `${o.url} has no ${o.ref}`);
  });
  const commit = stdout.trim();
  if (!SHA.test(commit)) throw new Error(`git gave no commit for ${target}`);
  return commit;
}

export interface TreeFile {
  path: string;
  blob: string;
  size: number;
}

/** The regular files of a commit (no symlinks, no submodules), with their sizes. */
export async function listTree(cacheDir: string, commit: string): Promise<TreeFile[]> {
  const { stdout } = await git(['-C', cacheDir, 'ls-tree', '-r', '-z', '--long', commit]);
  const files: TreeFile[] = [];
  for (const rec of stdout.split('\0')) {
    const m = /^(\d{6}) blob ([0-9a-f]{40})\s+(\d+)\t(.+)$/s.exec(rec);
    if (!m || (m[1] !== '100644' && m[1] !== '100755')) continue;
    files.push({ path: m[4] ?? '', blob: m[2] ?? '', size: Number(m[3]) });
  }
  return files;
}

/** The content of the given blobs, by one `git cat-file --batch`. */
export function readBlobs(cacheDir: string, blobs: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', cacheDir, 'cat-file', '--batch'], { env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), GIT_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new GitMissingError() : e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr.trim() || `exit ${code}`}`));
      const out = Buffer.concat(chunks);
      const map = new Map<string, Buffer>();
      let at = 0;
      while (at < out.length) {
        const nl = out.indexOf(0x0a, at);
        if (nl < 0) break;
        const [sha = '', type, size] = out.subarray(at, nl).toString().split(' ');
        if (type === undefined || size === undefined) {
          at = nl + 1; // "<sha> missing"
          continue;
        }
        const start = nl + 1;
        map.set(sha, out.subarray(start, start + Number(size)));
        at = start + Number(size) + 1;
      }
      resolve(map);
    });
    child.stdin.end(blobs.map((b) => `${b}\n`).join(''));
  });
}
