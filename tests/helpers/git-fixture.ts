/**
 * A catalogue source for tests without the internet: a folder turned into a git repository at
 * test time and served over loopback as "dumb" HTTP (static files after `git update-server-info`),
 * with the working tree's files under /raw/ (what install scripts download). `__FIXTURE_URL__` in
 * the copied files becomes the server's address (upstream scripts name github.com the same way).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export const HELPER_SCRIPTS_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/helper-scripts');

export interface GitFixture {
  /** The working tree: change files here, then commit(). */
  dir: string;
  /** http://127.0.0.1:<port>/repo.git */
  url: string;
  /** The server's port on 127.0.0.1 (to give containers a path to it). */
  port: number;
  /** Commits everything and publishes it; returns the new commit id. */
  commit(message: string): string;
  write(file: string, text: string): void;
  close(): Promise<void>;
}

const git = (dir: string, args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Kiln Test', '-c', 'user.email=test@kiln.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

/** Copies `from` into a fresh repository on branch main, commits it and serves it. */
export async function serveGitFixture(from: string = HELPER_SCRIPTS_FIXTURE): Promise<GitFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-catalogue-'));
  const gitDir = path.join(dir, '.git');
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [base, rel] = pathname.startsWith('/raw/') ? [dir, pathname.slice('/raw/'.length)] : [gitDir, pathname.replace(/^\/repo\.git\/?/, '')];
    const file = path.resolve(base, rel);
    if (!file.startsWith(base + path.sep) || file.startsWith(gitDir + path.sep) !== (base === gitDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fs.cpSync(from, dir, { recursive: true });
  fillFixtureUrl(dir, `http://127.0.0.1:${port}`);
  git(dir, ['init', '-q']);
  const fixture: GitFixture = {
    dir,
    url: `http://127.0.0.1:${port}/repo.git`,
    port,
    commit(message) {
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '--allow-empty', '-m', message]);
      git(dir, ['update-server-info']);
      return git(dir, ['rev-parse', 'HEAD']);
    },
    write(file, text) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  fixture.commit('fixture');
  return fixture;
}

function fillFixtureUrl(dir: string, url: string): void {
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('__FIXTURE_URL__')) fs.writeFileSync(file, text.replaceAll('__FIXTURE_URL__', url));
  }
}
