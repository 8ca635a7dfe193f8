// @ts-check
'use strict';
/**
 * `apk` (apk-tools 2.14) for Alpine containers, against a small simulated v3.22 repository: the
 * packages build.func's Alpine path and the fixture apps install. Their programs are the host's
 * (every container runs the host's /usr); what apk records is kept in /etc/apk/world and
 * /var/lib/kiln-sim/apk-installed.json (/lib is the host's /usr/lib, read-only here).
 * In a container that is not Alpine there is no apk, as on Debian.
 */
const { exists, readJson, readText, writeJson, writeText } = require('./fsutil.cjs');
const repo = require('./repo.cjs');

/** name -> [version, installed size in KiB] */
const REPOSITORY = /** @type {Record<string, [string, number]>} */ ({
  bash: ['5.2.37-r0', 1260],
  'ca-certificates': ['20250619-r0', 688],
  curl: ['8.14.1-r1', 352],
  git: ['2.49.1-r0', 13_048],
  jq: ['1.8.0-r0', 352],
  mc: ['4.8.33-r0', 4620],
  nano: ['8.4-r0', 652],
  ncurses: ['6.5_p20250503-r0', 28],
  newt: ['0.52.24-r1', 104],
  openssh: ['10.0_p1-r7', 28],
  python3: ['3.12.11-r0', 27_776],
  sudo: ['1.9.17_p1-r0', 2712],
  tzdata: ['2025b-r0', 1608],
});
const BASE_COUNT = 15;
const INSTALLED = '/var/lib/kiln-sim/apk-installed.json';
const WORLD = '/etc/apk/world';
const INDEXES = ['https://dl-cdn.alpinelinux.org/alpine/v3.22/main', 'https://dl-cdn.alpinelinux.org/alpine/v3.22/community'];

/** @typedef {{ out: (s: string) => void, err: (s: string) => void, root?: string }} Io */

/** @param {string} root */
const isAlpine = (root) => exists(root, '/etc/alpine-release');

/** @param {string[]} argv @param {Io} io @returns {number} */
function main(argv, io) {
  const root = io.root ?? '/';
  if (!isAlpine(root)) {
    io.err('sh: apk: not found');
    return 127;
  }
  const flags = argv.filter((a) => a.startsWith('-'));
  const [verb, ...names] = argv.filter((a) => !a.startsWith('-'));
  const quiet = flags.includes('-q') || flags.includes('--quiet');
  const installed = /** @type {Record<string, string>} */ (readJson(root, INSTALLED, {}));
  const update = () => {
    repo.refresh(root, 'alpine');
    if (quiet) return;
    for (const url of INDEXES) io.out(`fetch ${url}/x86_64/APKINDEX.tar.gz`);
    io.out('v3.22.1-0-g8b1a0f1c5a2 [https://dl-cdn.alpinelinux.org/alpine/v3.22/main]');
    io.out('v3.22.1-0-g8b1a0f1c5a2 [https://dl-cdn.alpinelinux.org/alpine/v3.22/community]');
    io.out('OK: 26321 distinct packages available');
  };
  const summary = () => {
    const kib = Object.keys(installed).reduce((sum, n) => sum + (REPOSITORY[n]?.[1] ?? 0), 8_000);
    if (!quiet) io.out(`OK: ${Math.round(kib / 1024)} MiB in ${BASE_COUNT + Object.keys(installed).length} packages`);
  };
  const pending = () => {
    const index = repo.fetched(root, 'alpine').packages;
    return Object.entries(installed)
      .filter(([n, v]) => index[n] && repo.compareApk(index[n].version, v) > 0)
      .map(([name, from]) => ({ name, from, next: /** @type {import('./repo.cjs').Published} */ (index[name]) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  };
  const changes = () => {
    const got = repo.tryLock(root, 'apk-db', 'apk');
    if (got.ok) return got.release;
    io.err('ERROR: Unable to lock database: temporary error (try again later)');
    io.err('ERROR: Failed to open apk database: temporary error (try again later)');
    return undefined;
  };
  if (flags.includes('-U') || flags.includes('--update-cache')) update();
  switch (verb) {
    case 'update':
      update();
      return 0;
    case 'version': {
      // `apk version -l '<'`: only what is older than the index; the header comes first like apk-tools 2.
      const limit = flags.includes('-l') ? (names.shift() ?? '') : '';
      io.out(`${'Installed:'.padEnd(42)}Available:`);
      for (const p of pending()) if (!limit || limit.includes('<')) io.out(`${`${p.name}-${p.from}`.padEnd(40)}< ${p.next.version}`);
      return 0;
    }
    case 'list':
      if (flags.includes('-u') || flags.includes('--upgradable') || flags.includes('--upgradeable')) {
        for (const p of pending()) io.out(`${p.name}-${p.next.version} x86_64 {${p.name}} (MIT) [upgradable from: ${p.name}-${p.from}]`);
        return 0;
      }
      for (const [n, v] of Object.entries(installed).sort()) io.out(`${n}-${v} x86_64 {${n}} (MIT) [installed]`);
      return 0;
    case 'upgrade': {
      const release = changes();
      if (!release) return 99;
      const todo = pending();
      let errors = 0;
      for (const [i, p] of todo.entries()) {
        if (!quiet) io.out(`(${i + 1}/${todo.length}) Upgrading ${p.name} (${p.from} -> ${p.next.version})`);
        repo.sleep(p.next.delayMs ?? 0);
        const files = Object.entries(p.next.files ?? {});
        const stopAt = p.next.fail?.at === 'unpack' ? Math.min(p.next.fail.afterFiles ?? Math.ceil(files.length / 2), files.length) : files.length;
        for (const [file, text] of files.slice(0, stopAt)) writeText(root, file, text);
        if (p.next.fail?.at === 'unpack') {
          const file = files[stopAt]?.[0] ?? `/usr/bin/${p.name}`;
          io.err(`ERROR: ${p.name}-${p.next.version}: failed to rename ${file.slice(1).replace(/[^/]*$/, '')}.apk.${p.name} to ${file.slice(1)}.`);
          errors++;
          continue;
        }
        installed[p.name] = p.next.version;
        if (p.next.fail?.at === 'postinst') {
          io.err(`ERROR: ${p.name}-${p.next.version}.post-upgrade: script exited with error 1`);
          errors++;
        }
      }
      writeJson(root, INSTALLED, installed);
      release();
      if (errors) {
        const kib = Object.keys(installed).reduce((sum, n) => sum + (REPOSITORY[n]?.[1] ?? 0), 8_000);
        io.err(`${errors} error${errors === 1 ? '' : 's'}; ${Math.round(kib / 1024)} MiB in ${BASE_COUNT + Object.keys(installed).length} packages`);
        return errors;
      }
      summary();
      return 0;
    }
    case 'add': {
      const missing = names.filter((n) => !REPOSITORY[n]);
      if (missing.length > 0) {
        io.err('ERROR: unable to select packages:');
        for (const n of missing) io.err(`  ${n} (no such package):\n    required by: world[${n}]`);
        return missing.length;
      }
      const fresh = names.filter((n, i) => !installed[n] && names.indexOf(n) === i);
      const index = repo.fetched(root, 'alpine').packages;
      for (const [i, n] of fresh.entries()) {
        const base = REPOSITORY[n]?.[0] ?? '';
        const newer = index[n]?.version;
        const version = newer && repo.compareApk(newer, base) > 0 ? newer : base;
        if (!quiet) io.out(`(${i + 1}/${fresh.length}) Installing ${n} (${version})`);
        installed[n] = version;
      }
      const world = new Set((readText(root, WORLD) ?? '').split('\n').filter(Boolean));
      for (const n of names) world.add(n);
      writeText(root, WORLD, `${[...world].sort().join('\n')}\n`);
      writeJson(root, INSTALLED, installed);
      summary();
      return 0;
    }
    case 'del': {
      for (const n of names) delete installed[n];
      const world = (readText(root, WORLD) ?? '').split('\n').filter((n) => n && !names.includes(n));
      writeText(root, WORLD, `${world.join('\n')}\n`);
      writeJson(root, INSTALLED, installed);
      summary();
      return 0;
    }
    case 'info':
      if (flags.includes('-e')) {
        const present = names.filter((n) => installed[n]);
        for (const n of present) io.out(n);
        return names.length - present.length;
      }
      for (const n of Object.keys(installed).sort()) io.out(n);
      return 0;
    default:
      io.err(`ERROR: unknown command '${verb ?? ''}'`);
      return 1;
  }
}

module.exports = { main };
