// @ts-check
'use strict';
/**
 * `dnf` (and `yum`) in Fedora 42 (dnf5) and Rocky Linux 9 (dnf 4.14) containers: check-update
 * (exit 100 with upgrades), updateinfo list [--security], upgrade [--security], install, remove,
 * makecache, clean, with each version's texts, metadata expiry (6 h; --refresh, -C) and the rpm
 * transaction lock (dnf 4 waits for it, dnf5 fails at once). In other containers there is no dnf.
 */
const fs = require('node:fs');
const db = require('./rpm-db.cjs');
const meta = require('./dnf-repo.cjs');
const show = require('./dnf-show.cjs');
const tx = require('./dnf-transaction.cjs');
const repo = require('./repo.cjs');

/** @typedef {{ out: (s: string) => void, err: (s: string) => void, root?: string }} Io */
/**
 * @typedef {{ quiet: boolean, yes: boolean, no: boolean, cacheonly: boolean, refresh: boolean, security: boolean,
 *   args: string[], bad?: string }} Opts
 */

const VALUE_OPTIONS = new Set([
  '--setopt',
  '--disablerepo',
  '--enablerepo',
  '--repo',
  '--repoid',
  '--exclude',
  '-x',
  '--releasever',
  '-d',
  '--debuglevel',
  '-e',
  '--errorlevel',
  '--installroot',
  '--color',
  '--advisory',
  '--advisories',
  '--advisory-severities',
  '--sec-severity',
  '--cve',
  '--bz',
]);
const FLAG_OPTIONS = new Set([
  '--nogpgcheck',
  '--no-gpgchecks',
  '--best',
  '--nobest',
  '--no-best',
  '--allowerasing',
  '--skip-broken',
  '--skip-unavailable',
  '-v',
  '--verbose',
  '--noplugins',
  '--no-plugins',
  '--nodocs',
  '--bugfix',
  '--enhancement',
  '--newpackage',
  '--available',
  '--all',
  '--installed',
  '--upgrades',
  '--updates',
  '--minimal',
  '--downloadonly',
  '--show-duplicates',
]);

/** @param {string[]} argv @returns {Opts} */
function parseArgs(argv) {
  /** @type {Opts} */
  const o = { quiet: false, yes: false, no: false, cacheonly: false, refresh: false, security: false, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-q' || a === '--quiet') o.quiet = true;
    else if (a === '-y' || a === '--assumeyes') o.yes = true;
    else if (a === '--assumeno') o.no = true;
    else if (a === '-C' || a === '--cacheonly') o.cacheonly = true;
    else if (a === '--refresh') o.refresh = true;
    else if (a === '--security' || a === '--secseverity') o.security = true;
    else if (VALUE_OPTIONS.has(a)) i++;
    else if (a.includes('=') && VALUE_OPTIONS.has(a.slice(0, a.indexOf('=')))) continue;
    else if (FLAG_OPTIONS.has(a)) o.args.push(a);
    else if (/^-[qyC]{2,}$/.test(a)) {
      o.quiet ||= a.includes('q');
      o.yes ||= a.includes('y');
      o.cacheonly ||= a.includes('C');
    } else if (a.startsWith('-')) return { ...o, bad: a };
    else o.args.push(a);
  }
  return o;
}

const COMMANDS = {
  'check-update': 'check-update',
  'check-upgrade': 'check-update',
  updateinfo: 'updateinfo',
  advisory: 'updateinfo',
  'list-sec': 'updateinfo',
  'list-security': 'updateinfo',
  upgrade: 'upgrade',
  update: 'upgrade',
  up: 'upgrade',
  install: 'install',
  in: 'install',
  remove: 'remove',
  erase: 'remove',
  rm: 'remove',
  makecache: 'makecache',
  clean: 'clean',
  list: 'list',
  repolist: 'repolist',
};

/** @param {string[]} argv @param {Io} io @param {string} [tool] @returns {number} */
function main(argv, io, tool = 'dnf') {
  const root = io.root ?? '/';
  const distro = db.distroOf(root);
  if (!distro) {
    io.err(`sh: ${tool}: not found`);
    return 127;
  }
  const flavor = distro === 'fedora' ? 5 : 4;
  if (argv.includes('--version')) {
    io.out(
      flavor === 5
        ? 'dnf5 version 5.2.12.0\ndnf5 plugin API version 2.0\nlibdnf5 version 5.2.12.0\nlibdnf5 plugin API version 2.0'
        : '4.14.0\n  Installed: dnf-0:4.14.0-9.el9.noarch at Sun 28 Apr 2024 06:12:00 AM GMT',
    );
    return 0;
  }
  const o = parseArgs(argv);
  if (o.bad) {
    if (flavor === 5) io.err(`Unknown argument "${o.bad}" for command "dnf5". Add "--help" for more information about the arguments.`);
    else io.err(`usage: dnf [options] COMMAND\ndnf: error: unrecognized arguments: ${o.bad}`);
    return 2;
  }
  const [word, ...rest] = o.args.filter((a) => !FLAG_OPTIONS.has(a));
  const flags = o.args.filter((a) => FLAG_OPTIONS.has(a));
  const command = word === undefined ? undefined : /** @type {Record<string, string>} */ (COMMANDS)[word];
  if (!command || (word === 'check-upgrade' && flavor === 4) || (word === 'advisory' && flavor === 4)) {
    if (flavor === 5)
      io.err(
        word ? `Unknown argument "${word}" for command "dnf5". Add "--help" for more information about the arguments.` : 'Missing command. Add "--help" for more information about the arguments.',
      );
    else io.err(word ? `No such command: ${word}. Please use /usr/bin/dnf --help\nIt could be a DNF plugin command, try: "dnf install 'dnf-command(${word})'"` : 'usage: dnf [options] COMMAND');
    return word ? (flavor === 5 ? 2 : 1) : 1;
  }
  const out = o.quiet ? () => {} : io.out;
  const ctx = { root, distro, flavor: /** @type {4 | 5} */ (flavor), o, io, out };
  if (command === 'clean') {
    meta.clean(root);
    out(flavor === 5 ? 'Removed 2 files, 14 directories (total of 18 MiB). 0 errors occurred.' : '23 files removed');
    return 0;
  }
  const loaded = loadMetadata(ctx, command === 'makecache');
  if (loaded !== 0) return loaded;
  switch (command) {
    case 'makecache':
      out('Metadata cache created.');
      return 0;
    case 'repolist':
      out(`${'repo id'.padEnd(20)}repo name`);
      for (const [id, name] of meta.REPO_NAMES[distro]) out(`${id.padEnd(20)}${name}`);
      return 0;
    case 'check-update':
      return show.checkUpdate(ctx);
    case 'updateinfo':
      return show.updateinfo(ctx, rest);
    case 'list':
      return show.list(ctx, flags);
    default:
      return transaction(ctx, /** @type {'upgrade' | 'install' | 'remove'} */ (command), rest);
  }
}

/** @typedef {import('./dnf-show.cjs').Ctx} Ctx */

/** Loads the repositories: refreshes expired metadata (or all with --refresh), or only reads it with -C. @param {Ctx} c @param {boolean} makecache */
function loadMetadata(c, makecache) {
  const { root, flavor, o, io } = c;
  if (o.cacheonly) {
    if (meta.cached(root)) return 0;
    const first = meta.REPO_NAMES[c.distro][0]?.[0] ?? 'fedora';
    io.err(flavor === 5 ? `Cache-only enabled but no cache for repository "${first}".` : `Error: Cache-only enabled but no cache for '${first}'`);
    return 1;
  }
  if (o.refresh || meta.expired(root)) {
    meta.refresh(root);
    if (o.quiet) return 0;
    if (flavor === 5) {
      io.err('Updating and loading repositories:');
      for (const [, name] of meta.REPO_NAMES[c.distro]) io.err(` ${name.padEnd(38)} 100% |  61.9 KiB/s |  22.7 KiB |  00m00s`);
      io.err('Repositories loaded.');
    } else for (const [, name] of meta.REPO_NAMES[c.distro]) io.out(`${name.padEnd(48)} 2.1 MB/s | 2.3 MB     00:01    `);
    return 0;
  }
  if (o.quiet) return 0;
  if (flavor === 5) io.err('Updating and loading repositories:\nRepositories loaded.');
  else if (!makecache) {
    const ago = Math.floor((Date.now() - meta.lastRefresh(root)) / 1000);
    const hms = `${Math.floor(ago / 3600)}:${String(Math.floor(ago / 60) % 60).padStart(2, '0')}:${String(ago % 60).padStart(2, '0')}`;
    io.out(`Last metadata expiration check: ${hms} ago on ${new Date(meta.lastRefresh(root)).toUTCString().replace(' GMT', ' UTC')}.`);
  }
  return 0;
}

/**
 * install / upgrade / remove: resolve, show the transaction, ask (-y), take the rpm transaction
 * lock, run it. @param {Ctx} c @param {'upgrade' | 'install' | 'remove'} verb @param {string[]} names
 */
function transaction(c, verb, names) {
  const { root, distro, flavor, io, out } = c;
  const installed = db.readDb(root, distro);
  const index = repo.fetched(root, 'fedora').packages;
  /** @type {{ install: import('./dnf-transaction.cjs').Step[], upgrade: import('./dnf-transaction.cjs').Step[], remove: import('./dnf-transaction.cjs').Step[] }} */
  const t = { install: [], upgrade: [], remove: [] };
  const missing = [];
  if (verb === 'install') {
    for (const n of names) {
      const def = db.find(n, distro);
      if (!def) missing.push(n);
      else if (installed[n])
        out(
          flavor === 5
            ? `Package "${db.nevra(n, installed[n].evr, installed[n].arch, true)}" is already installed.`
            : `Package ${db.nevra(n, installed[n].evr, installed[n].arch)} is already installed.`,
        );
      else {
        const base = def.evr[distro] ?? '';
        const newer = index[n]?.version;
        t.install.push({ name: n, arch: def.arch, evr: newer && db.builtFor(newer, distro) && db.compare(newer, base) > 0 ? newer : base, def });
      }
    }
    t.install.sort((a, b) => a.name.localeCompare(b.name));
  } else if (verb === 'remove') {
    for (const n of names) {
      const p = installed[n];
      if (!p) missing.push(n);
      else t.remove.push({ name: n, arch: p.arch, evr: p.evr, def: db.find(n, distro) });
    }
  } else {
    const { chosen, all } = show.upgrades(c);
    if (c.o.security && !chosen.length && all.length) out(`No security updates needed, but ${all.length} update${all.length === 1 ? '' : 's'} available`);
    for (const p of chosen) if (!names.length || names.includes(p.name)) t.upgrade.push({ name: p.name, arch: p.arch, evr: p.evr, from: p.from, def: db.find(p.name, distro), next: p.next });
  }
  if (missing.length) {
    const what = verb === 'remove' ? 'No packages marked for removal.' : '';
    if (flavor === 5) {
      io.err('Failed to resolve the transaction:');
      for (const n of missing) io.err(`No match for argument: ${n}`);
      if (verb === 'remove') return 1;
    } else {
      for (const n of missing) io.out(`No match for argument: ${n}`);
      if (verb === 'remove') io.err(`Error: ${what}`);
      else io.err(`Error: Unable to find a match: ${missing.join(' ')}`);
    }
    return 1;
  }
  const count = t.install.length + t.upgrade.length + t.remove.length;
  if (!count) {
    if (flavor === 4) out('Dependencies resolved.\nNothing to do.\nComplete!');
    else out('Nothing to do.');
    return 0;
  }
  show.showTransaction(c, t);
  if (!c.o.yes || c.o.no) {
    io.out('Is this ok [y/N]: ');
    const answer = c.o.no ? '' : readAnswer();
    if (!/^y(es)?$/i.test(answer.trim())) {
      if (flavor === 5) io.err('Operation aborted by the user.');
      else io.err('Operation aborted.');
      return 1;
    }
  }
  if (flavor === 4) out('Downloading Packages:\nRunning transaction check\nTransaction check succeeded.\nRunning transaction test\nTransaction test succeeded.');
  const release = lock(c);
  if (!release) return 1;
  try {
    const { failed } = tx.run(root, distro, t, { io, quiet: c.o.quiet, flavor });
    return show.finish(c, t, failed);
  } finally {
    release();
  }
}

/** @returns {string} what the user typed (stdin), empty on EOF */
function readAnswer() {
  try {
    return fs.readFileSync(0, 'utf8').split('\n')[0] ?? '';
  } catch {
    return '';
  }
}

/**
 * The rpm transaction lock: dnf 4 waits for its holder ("Waiting for process with pid N to
 * finish."), dnf5 fails right away. @param {Ctx} c @returns {(() => void) | undefined}
 */
function lock(c) {
  let told = 0;
  if (c.flavor === 5) c.out('Running transaction');
  for (;;) {
    const got = repo.tryLock(c.root, 'rpm-transaction', 'dnf');
    if (got.ok) {
      if (c.flavor === 4) c.out('Running transaction');
      return got.release;
    }
    if (c.flavor === 5) {
      c.io.err('Transaction failed: Failed to obtain rpm transaction lock. Another transaction is in progress.');
      return undefined;
    }
    if (told !== got.pid) c.out(`Waiting for process with pid ${got.pid} to finish.`);
    told = got.pid;
    repo.sleep(1000);
  }
}

module.exports = { main, parseArgs };
