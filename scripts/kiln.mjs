#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and `pnpm bench`. Plain Node without dependencies, so it
// can run on a fresh clone: it checks Node, finds or fetches pnpm (corepack, else npx), installs
// the locked dependencies when needed, then hands over to the TypeScript script of the command.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...rest] = process.argv.slice(2);
const PNPM_VERSION = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function fail(message) {
  console.error(`kiln: ${message}`);
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js 20.19 or newer is needed (found ${process.versions.node}).`);

const env = { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', COREPACK_INTEGRITY_KEYS: '0', TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' };

/** A pnpm of the pinned version: corepack's first, npx's as the fallback. */
function findPnpm() {
  const candidates = [
    ['corepack', ['pnpm']],
    ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]],
  ];
  for (const [bin, prefix] of candidates) {
    const r = spawnSync(bin, [...prefix, '--version'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status === 0 && r.stdout.trim() === PNPM_VERSION) return [bin, prefix];
  }
  fail(`could not run pnpm ${PNPM_VERSION} through corepack or npx. Install it with "npm install -g pnpm@${PNPM_VERSION}" and retry.`);
}

function installed() {
  const lock = path.join(root, 'pnpm-lock.yaml');
  const copy = path.join(root, 'node_modules/.pnpm/lock.yaml');
  return existsSync(copy) && existsSync(path.join(root, 'node_modules/.bin/tsx')) && readFileSync(lock, 'utf8') === readFileSync(copy, 'utf8');
}

const scripts = { start: 'start.ts', test: 'test.ts', bench: 'bench.ts', 'reset-admin': 'reset-admin.ts' };
if (!scripts[command]) fail(`unknown command "${command}" (start, test, bench or reset-admin).`);

/**
 * turbo and humans expect a `pnpm` on PATH; corepack may not have put one there, so a shim in
 * node_modules/.cache/kiln/bin forwards to whichever pnpm we found.
 */
const shimDir = path.join(root, 'node_modules/.cache/kiln/bin');
function ensurePnpmShim(found) {
  const shim = path.join(shimDir, 'pnpm');
  if (existsSync(shim) && !found) return;
  const [bin, prefix] = found ?? findPnpm();
  mkdirSync(shimDir, { recursive: true });
  const quoted = [bin, ...prefix].map((a) => `'${a}'`).join(' ');
  writeFileSync(shim, `#!/bin/sh\nexport COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_INTEGRITY_KEYS=0\nexec ${quoted} "$@"\n`);
  chmodSync(shim, 0o755);
}

if (!installed()) {
  const found = findPnpm();
  const [bin, prefix] = found;
  console.log(`kiln: installing dependencies with pnpm ${PNPM_VERSION}…`);
  const r = spawnSync(bin, [...prefix, 'install', '--frozen-lockfile'], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) fail('dependency installation failed (see above).');
  ensurePnpmShim(found);
} else {
  ensurePnpmShim();
}
env.PATH = `${shimDir}${path.delimiter}${env.PATH ?? ''}`;

const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts', scripts[command]), ...rest], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
