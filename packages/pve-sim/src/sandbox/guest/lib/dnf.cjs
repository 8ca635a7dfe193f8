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
const fmt = require('./dnf-format.cjs');
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
      return checkUpdate(ctx);
    case 'updateinfo':
      return updateinfo(ctx, rest);
    case 'list':
      return list(ctx, flags);
    default:
      return transaction(ctx, /** @type {'upgrade' | 'install' | 'remove'} */ (command), rest);
  }
}

/** @typedef {{ root: string, distro: import('./rpm-db.cjs').Distro, flavor: 4 | 5, o: Opts, io: Io, out: (s: string) => void }} Ctx */

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

/** Pending upgrades, only those with a security advisory with --security. @param {Ctx} c */
function upgrades(c) {
  const all = meta.pending(c.root, c.distro);
  return { all, chosen: c.o.security ? all.filter((p) => p.next.security) : all };
}

/** `dnf check-update`: name.arch, EVR, repository; exit 100 when there is anything. @param {Ctx} c */
function checkUpdate(c) {
  const { chosen, all } = upgrades(c);
  if (!chosen.length) {
    if (c.o.security && all.length) c.io.out(`No security updates needed, but ${all.length} update${all.length === 1 ? '' : 's'} available`);
    return 0;
  }
  const rows = chosen.map((p) => [`${p.name}.${p.arch}`, p.evr, p.repo]);
  if (c.flavor === 5) {
    for (const line of fmt.scolsTable(rows)) c.io.out(line);
    c.io.out('');
  } else {
    /** @type {Record<number, number>[]} */
    const data = [{}, {}, {}];
    for (const r of rows) r.forEach((cell, i) => void ((data[i] ??= {})[cell.length] = (data[i]?.[cell.length] ?? 0) + 1));
    const [na = 40, ver = 22, rid = 16] = fmt.calcColumns(data, { remainder: 1 });
    c.io.out('');
    for (const r of rows)
      c.io.out(
        fmt.fmtColumns([
          [r[0] ?? '', -na],
          [r[1] ?? '', -ver],
          [r[2] ?? '', -rid],
        ]),
      );
  }
  return 100;
}

/** `dnf updateinfo list [--security|sec]` (dnf5: `advisory list`). @param {Ctx} c @param {string[]} rest */
function updateinfo(c, rest) {
  const [action = 'summary', ...specs] = rest;
  const security = c.o.security || specs.some((s) => s === 'sec' || s === 'security');
  const advisories = meta.advisories(meta.pending(c.root, c.distro), c.distro).filter((a) => !security || a.type === 'security');
  if (action === 'summary') {
    if (!advisories.length) return 0;
    const sec = advisories.filter((a) => a.type === 'security').length;
    c.out(c.flavor === 5 ? 'Available advisory information summary:' : 'Updates Information Summary: available');
    if (sec) c.out(c.flavor === 5 ? `Security    ${sec}` : `    ${sec} Security notice(s)\n        ${sec} Important Security notice(s)`);
    const bug = advisories.length - sec;
    if (bug) c.out(c.flavor === 5 ? `Bugfix      ${bug}` : `    ${bug} Bugfix notice(s)`);
    return 0;
  }
  if (action !== 'list') {
    c.io.err(c.flavor === 5 ? `Unknown argument "${action}" for command "advisory".` : `Error: invalid choice: ${action}`);
    return c.flavor === 5 ? 2 : 1;
  }
  const nevra = (/** @type {import('./dnf-repo.cjs').Advisory} */ a) => db.nevra(a.pkg.name, a.pkg.evr, a.pkg.arch);
  if (c.flavor === 5) {
    const rows = [...advisories].sort((a, b) => a.id.localeCompare(b.id)).map((a) => [a.id, a.type, a.severity, nevra(a), '2025-05-01 00:00:00']);
    if (rows.length) for (const line of fmt.scolsTable(rows, { header: ['Name', 'Type', 'Severity', 'Package', 'Issued'], right: [3, 4] })) c.io.out(line);
    return 0;
  }
  const label = (/** @type {import('./dnf-repo.cjs').Advisory} */ a) => (a.type === 'security' ? `${a.severity}/Sec.` : 'bugfix');
  const sorted = [...advisories].sort((a, b) => nevra(a).localeCompare(nevra(b)));
  const idw = Math.max(0, ...sorted.map((a) => a.id.length));
  const tlw = Math.max(0, ...sorted.map((a) => label(a).length));
  for (const a of sorted) c.io.out(`${a.id.padEnd(idw)} ${label(a).padEnd(tlw)} ${nevra(a)}`);
  return 0;
}

/** `dnf list --installed|--upgrades`. @param {Ctx} c @param {string[]} flags */
function list(c, flags) {
  const rows = [];
  if (!flags.includes('--upgrades') && !flags.includes('--updates')) {
    for (const [name, p] of Object.entries(db.readDb(c.root, c.distro)).sort(([a], [b]) => a.localeCompare(b)))
      rows.push([`${name}.${p.arch}`, p.evr.replace(/^0:/, ''), c.flavor === 5 ? p.repo : `@${p.repo}`]);
    c.io.out(c.flavor === 5 ? 'Installed packages' : 'Installed Packages');
  } else {
    for (const p of upgrades(c).chosen) rows.push([`${p.name}.${p.arch}`, p.evr, p.repo]);
    if (!rows.length) {
      if (c.flavor === 4) c.io.err('Error: No matching Packages to list');
      else c.io.err('No matching packages to list');
      return 1;
    }
    c.io.out(c.flavor === 5 ? 'Available upgrades' : 'Available Upgrades');
  }
  for (const line of fmt.scolsTable(rows)) c.io.out(line);
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
    const { chosen, all } = upgrades(c);
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
  showTransaction(c, t);
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
    return finish(c, t, failed);
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

/** The package table before the question. @param {Ctx} c @param {{ install: import('./dnf-transaction.cjs').Step[], upgrade: import('./dnf-transaction.cjs').Step[], remove: import('./dnf-transaction.cjs').Step[] }} t */
function showTransaction(c, t) {
  const { out, flavor, distro } = c;
  const size = (/** @type {import('./dnf-transaction.cjs').Step} */ s) => s.def?.size ?? 100;
  const repoOf = (/** @type {import('./dnf-transaction.cjs').Step} */ s) => (s.next ? (distro === 'fedora' ? 'updates' : (s.def?.repo.rocky ?? 'baseos')) : (s.def?.repo[distro] ?? 'fedora'));
  const sections = /** @type {[string, import('./dnf-transaction.cjs').Step[]][]} */ ([
    ['Installing:', t.install],
    ['Upgrading:', t.upgrade],
    ['Removing:', t.remove],
  ]).filter(([, l]) => l.length);
  if (flavor === 4) {
    out('Dependencies resolved.');
    const rows = sections.flatMap(([, l]) => l.map((s) => [s.name, s.arch, s.evr, repoOf(s), fmt.size4(size(s))]));
    /** @type {Record<number, number>[]} */
    const data = [{}, {}, {}, {}, {}];
    for (const r of [['Package', 'Architecture', 'Version', 'Repository', 'Size'], ...rows]) r.forEach((cell, i) => void ((data[i] ??= {})[cell.length] = (data[i]?.[cell.length] ?? 0) + 1));
    const w = fmt.calcColumns(data, { indent: '  ', remainder: 2 });
    const row = (/** @type {string[]} */ r) =>
      fmt.fmtColumns(
        r.map((cell, i) => /** @type {[string, number]} */ ([cell, i === 4 ? (w[i] ?? 5) : -(w[i] ?? 10)])),
        ' ',
      );
    const rule = '='.repeat(fmt.TERM_WIDTH);
    out(`${rule}\n${row(['Package', 'Architecture', 'Version', 'Repository', 'Size'])}\n${rule}`);
    for (const [title, l] of sections) {
      out(title);
      for (const s of l) out(row([s.name, s.arch, s.evr, repoOf(s), fmt.size4(size(s))]));
    }
    out(`\nTransaction Summary\n${rule}`);
    if (t.install.length) out(`Install  ${t.install.length} Package${t.install.length === 1 ? '' : 's'}`);
    if (t.upgrade.length) out(`Upgrade  ${t.upgrade.length} Package${t.upgrade.length === 1 ? '' : 's'}`);
    if (t.remove.length) out(`Remove  ${t.remove.length} Package${t.remove.length === 1 ? '' : 's'}`);
    const down = [...t.install, ...t.upgrade].reduce((sum, s) => sum + size(s) / 3, 0);
    out('');
    if (down) out(`Total download size: ${fmt.size4(down)}`);
    return;
  }
  const rows = [];
  for (const [title, l] of sections) {
    rows.push([title, '', '', '', '']);
    for (const s of l) {
      rows.push([` ${s.name}`, s.arch, s.evr, repoOf(s), fmt.size5(size(s))]);
      if (s.from) rows.push([`   replacing ${s.name}`, s.arch, s.from, repoOf(s), fmt.size5(size(s))]);
    }
  }
  for (const line of fmt.scolsTable(rows, { header: ['Package', 'Arch', 'Version', 'Repository', 'Size'], right: [4] })) out(line.trimEnd());
  out('\nTransaction Summary:');
  if (t.install.length) out(` Installing:${String(t.install.length).padStart(10)} package${t.install.length === 1 ? '' : 's'}`);
  if (t.upgrade.length)
    out(
      ` Upgrading:${String(t.upgrade.length).padStart(11)} package${t.upgrade.length === 1 ? '' : 's'}\n Replacing:${String(t.upgrade.length).padStart(11)} package${t.upgrade.length === 1 ? '' : 's'}`,
    );
  if (t.remove.length) out(` Removing:${String(t.remove.length).padStart(12)} package${t.remove.length === 1 ? '' : 's'}`);
  out('');
}

/** The end of the transaction: dnf 4 lists what changed (and what failed), dnf5 says Complete! or why not. @param {Ctx} c @param {{ install: import('./dnf-transaction.cjs').Step[], upgrade: import('./dnf-transaction.cjs').Step[], remove: import('./dnf-transaction.cjs').Step[] }} t @param {string[]} failed */
function finish(c, t, failed) {
  const { out, io, flavor } = c;
  const ok = t.upgrade.filter((s) => !failed.includes(s.name));
  if (flavor === 4) {
    const line = (/** @type {import('./dnf-transaction.cjs').Step} */ s, evr = s.evr) => `  ${db.nevra(s.name, evr, s.arch)}`;
    if (ok.length) out(`\nUpgraded:\n${ok.map((s) => line(s)).join('\n')}`);
    if (t.install.length) out(`\nInstalled:\n${t.install.map((s) => line(s)).join('\n')}`);
    if (t.remove.length) out(`\nRemoved:\n${t.remove.map((s) => line(s)).join('\n')}`);
    if (failed.length) {
      const bad = t.upgrade.filter((s) => failed.includes(s.name));
      io.out(`\nFailed:\n${bad.map((s) => `${line(s)} ${line(s, s.from).trim()}`).join('\n')}\n`);
      io.err('Error: Transaction failed');
      return 1;
    }
    out('\nComplete!');
    return 0;
  }
  if (failed.length) {
    io.err('Transaction failed: Rpm transaction failed.');
    return 1;
  }
  out('Complete!');
  return 0;
}

module.exports = { main, parseArgs };
