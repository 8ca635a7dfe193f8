// @ts-check
'use strict';
/**
 * apt's side of updates: `update` (fetch the simulator's repository into the lists),
 * `list --upgradable`, `upgrade`/`dist-upgrade` (simulated with -s, or for real: files replaced,
 * dpkg database updated, services restarted), the dpkg frontend lock, and the texts and exit
 * codes of apt 2.6 and dpkg 1.21.
 */
const catalog = require('./catalog.cjs');
const db = require('./dpkg-db.cjs');
const packages = require('./packages.cjs');
const repo = require('./repo.cjs');

/** @typedef {{ out: (s: string) => void, err: (s: string) => void, root?: string }} Io */
/** @typedef {{ name: string, from: string, arch: string, pkg: import('./catalog.cjs').PackageDef, next: import('./repo.cjs').Published }} Pending */

const MIRRORS = [
  ['http://deb.debian.org/debian', 'bookworm'],
  ['http://deb.debian.org/debian', 'bookworm-updates'],
  ['http://security.debian.org', 'bookworm-security'],
];

const kb = (/** @type {number} */ n) => `${n.toLocaleString('en-US')} kB`;
const debVersion = (/** @type {string} */ v) => v.replace(/^\d+:/, '');
const suiteOf = repo.suiteOf;

/**
 * The suites apt's sources name: Dir::Etc::SourceList (default /etc/apt/sources.list) and the
 * `*.list` files of Dir::Etc::SourceParts (default /etc/apt/sources.list.d), one-line `deb` entries.
 * @param {string} root @param {{ sourceList?: string, sourceParts?: string }} [o] @returns {string[]}
 */
function configuredSuites(root, o = {}) {
  const fsutil = require('./fsutil.cjs');
  const list = o.sourceList ?? '/etc/apt/sources.list';
  const parts = o.sourceParts ?? '/etc/apt/sources.list.d';
  const files = [
    list,
    ...fsutil
      .listDir(root, parts)
      .filter((f) => f.endsWith('.list'))
      .sort()
      .map((f) => `${parts.replace(/\/$/, '')}/${f}`),
  ];
  /** @type {Set<string>} */
  const suites = new Set();
  for (const file of files) {
    for (const line of (fsutil.readText(root, file) ?? '').split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
      if (m && MIRRORS.some(([url, suite]) => url === (m[1] ?? '').replace(/\/$/, '') && suite === m[2])) suites.add(m[2] ?? '');
    }
  }
  return [...suites];
}
const originOf = (/** @type {import('./repo.cjs').Published} */ p) => (p.security ? 'Debian-Security:12/stable-security' : 'Debian:12.9/stable');
const mirrorOf = (/** @type {import('./repo.cjs').Published} */ p) => (p.security ? 'http://security.debian.org bookworm-security/main' : 'http://deb.debian.org/debian bookworm/main');

/** The fetched versions apt sees: those served from a configured suite. @param {string} root @param {string[]} suites */
function visible(root, suites) {
  return Object.fromEntries(Object.entries(repo.fetched(root, 'debian').packages).filter(([, p]) => suites.includes(suiteOf(p))));
}

/** Installed packages whose fetched candidate is newer, by name. @param {string} root @param {string[]} [suites] @returns {Pending[]} */
function pendingUpgrades(root, suites = configuredSuites(root)) {
  const lists = visible(root, suites);
  /** @type {Pending[]} */
  const out = [];
  for (const [name, f] of db.readStatus(root)) {
    const next = lists[name];
    const from = f.get('Version') ?? '';
    if (!next || repo.compareDeb(next.version, from) <= 0) continue;
    const pkg = catalog.findPackage(name) ?? { name, version: from, description: name };
    out.push({ name, from, arch: f.get('Architecture') ?? 'amd64', pkg, next });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The version `install` would pick: the fetched candidate when newer than the archive's. @param {string} root @param {import('./catalog.cjs').PackageDef} pkg */
function candidate(root, pkg) {
  const next = visible(root, configuredSuites(root))[pkg.name];
  return next && repo.compareDeb(next.version, pkg.version) > 0 ? { ...pkg, version: next.version } : pkg;
}

/**
 * apt's frontend lock, waiting up to `timeout` seconds (-o DPkg::Lock::Timeout) like apt does.
 * @param {string} root @param {Io} io @param {string} tool @param {number} timeout
 * @param {{ name: string, path: string, what: string }} lock
 */
function lock(root, io, tool, timeout, lock) {
  const deadline = Date.now() + Math.max(0, timeout) * 1000;
  let waited = false;
  for (;;) {
    const got = repo.tryLock(root, lock.name, tool);
    if (got.ok) return got.release;
    const held = `Could not get lock ${lock.path}. It is held by process ${got.pid} (${got.holder})`;
    if (Date.now() >= deadline) {
      io.err(`E: ${held}`);
      io.err('N: Be aware that removing the lock file is not a solution and may break your system.');
      io.err(`E: ${lock.what}`);
      return undefined;
    }
    if (!waited) io.err(`Waiting for cache lock: ${held}...`);
    waited = true;
    repo.sleep(200);
  }
}

const FRONTEND = { name: 'dpkg-frontend', path: '/var/lib/dpkg/lock-frontend', what: 'Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?' };
const LISTS = { name: 'apt-lists', path: '/var/lib/apt/lists/lock', what: 'Unable to lock directory /var/lib/apt/lists/' };

/**
 * @param {string} root @param {Io} io @param {'apt' | 'apt-get'} tool @param {number} lockTimeout
 * @param {{ sourceList?: string, sourceParts?: string }} [sources]
 */
function update(root, io, tool, lockTimeout, sources) {
  const release = lock(root, io, tool, lockTimeout, LISTS);
  if (!release) return 100;
  const suites = configuredSuites(root, sources);
  const changed = repo.refresh(root, 'debian', suites);
  MIRRORS.filter(([, suite]) => suites.includes(suite)).forEach(([url, suite], i) =>
    io.out(changed ? `Get:${i + 1} ${url} ${suite} InRelease [${kb(48 + i)}]` : `Hit:${i + 1} ${url} ${suite} InRelease`),
  );
  if (changed) io.out(`Fetched ${kb(150)} in 0s (${kb(600)}/s)`);
  io.out('Reading package lists...');
  release();
  if (tool === 'apt') {
    const n = pendingUpgrades(root, suites).length;
    io.out('Building dependency tree...\nReading state information...');
    io.out(n === 0 ? 'All packages are up to date.' : `${n} package${n === 1 ? '' : 's'} can be upgraded. Run 'apt list --upgradable' to see ${n === 1 ? 'it' : 'them'}.`);
  }
  return 0;
}

/** `apt list --upgradable`. @param {string} root @param {Io} io */
function listUpgradable(root, io) {
  io.out('Listing...');
  for (const p of pendingUpgrades(root)) io.out(`${p.name}/${suiteOf(p.next)} ${p.next.version} ${p.arch} [upgradable from: ${p.from}]`);
  return 0;
}

/** Indented, wrapped package list like apt prints. @param {string[]} names */
function wrap(names) {
  const lines = [];
  let line = ' ';
  for (const n of names) {
    if (line.length + n.length + 1 > 79 && line.trim()) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${n}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/**
 * `apt-get upgrade` / `dist-upgrade` (the simulated archive never needs new or removed packages),
 * from the versions of the configured sources only (`-o Dir::Etc::SourceList=...` narrows them).
 * @param {string} root @param {{ yes: boolean, simulate: boolean, lockTimeout: number, sourceList?: string, sourceParts?: string }} o @param {Io} io @param {'apt' | 'apt-get'} tool
 * @param {() => void} preamble
 */
function upgrade(root, o, io, tool, preamble) {
  let release = () => {};
  if (!o.simulate) {
    const got = lock(root, io, tool, o.lockTimeout, FRONTEND);
    if (!got) return 100;
    release = got;
    const broken = [...db.readStatus(root).values()].some((f) => (f.get('Status') ?? '') !== 'install ok installed');
    if (broken) {
      io.err("E: dpkg was interrupted, you must manually run 'dpkg --configure -a' to correct the problem. ");
      release();
      return 100;
    }
  }
  preamble();
  io.out('Calculating upgrade...');
  const pending = pendingUpgrades(root, configuredSuites(root, o));
  if (pending.length) io.out(`The following packages will be upgraded:\n${wrap(pending.map((p) => p.name))}`);
  io.out(`${pending.length} upgraded, 0 newly installed, 0 to remove and 0 not upgraded.`);
  if (!pending.length) return (release(), 0);
  if (o.simulate) {
    for (const p of pending) io.out(`Inst ${p.name} [${p.from}] (${p.next.version} ${originOf(p.next)} [${p.arch}])`);
    for (const p of pending) io.out(`Conf ${p.name} (${p.next.version} ${originOf(p.next)} [${p.arch}])`);
    return 0;
  }
  const size = (/** @type {Pending} */ p) => Math.max(1, Math.round((p.pkg.size ?? 100) / 3));
  const download = pending.reduce((s, p) => s + size(p), 0);
  io.out(`Need to get ${kb(download)} of archives.\nAfter this operation, 0 B of additional disk space will be used.`);
  if (!o.yes) {
    io.out('Do you want to continue? [Y/n] Abort.');
    release();
    return 1;
  }
  pending.forEach((p, i) => {
    io.out(`Get:${i + 1} ${mirrorOf(p.next)} amd64 ${p.name} ${p.arch} ${p.next.version} [${kb(size(p))}]`);
    repo.sleep(p.next.delayMs ?? 0);
  });
  if (tool === 'apt-get') io.err('debconf: delaying package configuration, since apt-utils is not installed');
  io.out(`Fetched ${kb(download)} in 0s (${kb(download * 4)}/s)`);
  io.out(`(Reading database ... ${18000 + db.readStatus(root).size * 37} files and directories currently installed.)`);
  const host = readHostname(root);
  /** @type {string[]} */
  const failed = [];
  const deb = (/** @type {Pending} */ p) => `${p.name}_${debVersion(p.next.version)}_${p.arch}.deb`;
  const unpacked = pending.filter((p) => {
    io.out(`Preparing to unpack .../${deb(p)} ...\nUnpacking ${p.name} (${p.next.version}) over (${p.from}) ...`);
    const r = packages.upgrade(root, p.pkg, p.next, { host, phase: 'unpack' });
    if (r.ok) return true;
    const file = Object.keys(p.next.files ?? {})[p.next.fail?.afterFiles ?? 0] ?? `/usr/share/doc/${p.name}/changelog.Debian.gz`;
    io.err(`dpkg: error processing archive /var/cache/apt/archives/${deb(p)} (--unpack):`);
    io.err(` cannot copy extracted data for '.${file}' to '${file}.dpkg-new': unexpected end of file or stream`);
    failed.push(`/var/cache/apt/archives/${deb(p)}`);
    return false;
  });
  for (const p of unpacked) {
    io.out(`Setting up ${p.name} (${p.next.version}) ...`);
    const r = packages.upgrade(root, p.pkg, p.next, { host, phase: 'configure' });
    for (const line of r.lines) io.out(line);
    if (r.ok) continue;
    io.err(`dpkg: error processing package ${p.name} (--configure):`);
    io.err(` installed ${p.name} package post-installation script subprocess returned error exit status 1`);
    failed.push(p.name);
  }
  io.out('Processing triggers for man-db (2.11.2-2) ...');
  release();
  if (!failed.length) return 0;
  io.err(`Errors were encountered while processing:\n${failed.map((f) => ` ${f}`).join('\n')}`);
  io.err('E: Sub-process /usr/bin/dpkg returned an error code (1)');
  return 100;
}

/** @param {string} root */
function readHostname(root) {
  return (require('./fsutil.cjs').readText(root, '/etc/hostname') ?? '').trim() || undefined;
}

module.exports = { update, listUpgradable, upgrade, pendingUpgrades, candidate, configuredSuites, lock, FRONTEND, wrap, kb, debVersion };
