// @ts-check
'use strict';
/** `apt-get` and `apt` against the simulated bookworm archive, with apt 2.6's texts and exit codes. */
const catalog = require('./catalog.cjs');
const db = require('./dpkg-db.cjs');
const packages = require('./packages.cjs');
const updates = require('./apt-upgrade.cjs');

const { wrap, kb, debVersion } = updates;
const NOOP_FLAGS = new Set([
  '--no-install-recommends',
  '--install-recommends',
  '--no-install-suggests',
  '-f',
  '--fix-broken',
  '--fix-missing',
  '-m',
  '--ignore-missing',
  '--allow-unauthenticated',
  '--allow-downgrades',
  '--allow-remove-essential',
  '--allow-change-held-packages',
  '--reinstall',
  '--auto-remove',
  '--autoremove',
  '--show-progress',
  '--no-upgrade',
  '--only-upgrade',
  '--installed',
  '--with-new-pkgs',
]);

/**
 * @typedef {{ out: (s: string) => void, err: (s: string) => void, root?: string }} Io
 * @typedef {{ yes: boolean, quiet: number, purge: boolean, simulate: boolean, upgradable: boolean, lockTimeout: number, sourceList?: string, sourceParts?: string, args: string[], bad?: string }} Opts
 */

/** @param {string[]} argv @returns {Opts} */
function parseArgs(argv) {
  /** @type {Opts} */
  const o = { yes: false, quiet: 0, purge: false, simulate: false, upgradable: false, lockTimeout: 0, args: [] };
  const option = (/** @type {string} */ kv) => {
    const m = /^dpkg::lock::timeout=(-?\d+)$/i.exec(kv);
    if (m) o.lockTimeout = Number(m[1]);
    // Where apt reads its sources (apt.conf(5)); a relative path is taken from /etc/apt, like apt does.
    const src = /^dir::etc::(sourcelist|sourceparts)=(.*)$/i.exec(kv);
    if (src) {
      const raw = src[2] ?? '';
      const value = raw.startsWith('/') ? raw : `/etc/apt/${raw}`;
      if ((src[1] ?? '').toLowerCase() === 'sourcelist') o.sourceList = value;
      else o.sourceParts = value;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-y' || a === '--yes' || a === '--assume-yes' || a === '--force-yes') o.yes = true;
    else if (/^-q+$/.test(a)) o.quiet += a.length - 1;
    else if (a === '--quiet') o.quiet++;
    else if (/^(-q|--quiet)=\d$/.test(a)) o.quiet = Number(a.slice(-1));
    else if (a === '--purge') o.purge = true;
    else if (a === '-s' || a === '--simulate' || a === '--dry-run' || a === '--just-print') o.simulate = true;
    else if (a === '-o' || a === '--option') option(argv[++i] ?? '');
    else if (a === '-c' || a === '-t' || a === '--target-release') i++;
    else if (/^-o.+/.test(a)) option(a.slice(2));
    else if (a.startsWith('--option=')) option(a.slice('--option='.length));
    else if (a.startsWith('--target-release=')) continue;
    else if (a === '--upgradable' || a === '-u') o.upgradable = true;
    else if (NOOP_FLAGS.has(a)) continue;
    else if (a.startsWith('-')) return { ...o, bad: `Command line option ${a.startsWith('--') ? a : `'${a.slice(1, 2)}' [from ${a}]`} is not understood in combination with the other options.` };
    else o.args.push(a);
  }
  if (o.quiet >= 2) o.yes = true; // apt-get(8): quiet level 2 implies -y
  return o;
}

/** @param {string} root @param {string[]} requested @param {Opts} o @param {Io} io @param {string} tool */
function install(root, requested, o, io, tool) {
  const status = db.readStatus(root);
  const resolved = requested.map((r) => {
    const pkg = catalog.findPackage(r);
    return { r, pkg: pkg && updates.candidate(root, pkg) };
  });
  const missing = resolved.filter((x) => !x.pkg);
  if (missing.length) {
    for (const m of missing) io.err(`E: Unable to locate package ${m.r}`);
    return 100;
  }
  /** @type {Map<string, import('./catalog.cjs').PackageDef>} */
  const toInstall = new Map();
  const visit = (/** @type {import('./catalog.cjs').PackageDef} */ pkg) => {
    if (status.has(pkg.name) || toInstall.has(pkg.name)) return;
    for (const dep of pkg.depends ?? []) {
      const d = catalog.findPackage(dep);
      if (d) visit(updates.candidate(root, d));
    }
    toInstall.set(pkg.name, pkg);
  };
  for (const { pkg } of resolved) {
    if (!pkg) continue;
    const have = status.get(pkg.name);
    if (have) io.out(`${pkg.name} is already the newest version (${have.get('Version') ?? pkg.version}).`);
    else visit(pkg);
  }
  const names = new Set(resolved.map((x) => x.pkg?.name));
  const extra = [...toInstall.keys()].filter((n) => !names.has(n)).sort();
  const all = [...toInstall.keys()].sort();
  if (extra.length) io.out(`The following additional packages will be installed:\n${wrap(extra)}`);
  if (all.length) io.out(`The following NEW packages will be installed:\n${wrap(all)}`);
  io.out(`0 upgraded, ${all.length} newly installed, 0 to remove and 0 not upgraded.`);
  if (!all.length) return 0;
  const pkgs = [...toInstall.values()];
  const size = pkgs.reduce((s, p) => s + (p.size ?? 100), 0);
  const download = Math.max(1, Math.round(size / 3));
  io.out(`Need to get ${kb(download)} of archives.\nAfter this operation, ${kb(size)} of additional disk space will be used.`);
  if (extra.length && !o.yes) {
    io.out('Do you want to continue? [Y/n] Abort.');
    return 1;
  }
  if (o.simulate) {
    for (const p of pkgs) io.out(`Inst ${p.name} (${p.version} Debian:12.9/stable [${p.arch ?? 'amd64'}])`);
    for (const p of pkgs) io.out(`Conf ${p.name} (${p.version} Debian:12.9/stable [${p.arch ?? 'amd64'}])`);
    return 0;
  }
  pkgs.forEach((p, i) => io.out(`Get:${i + 1} http://deb.debian.org/debian bookworm/main amd64 ${p.name} ${p.arch ?? 'amd64'} ${p.version} [${kb(Math.max(1, Math.round((p.size ?? 100) / 3)))}]`));
  if (tool === 'apt-get') io.err('debconf: delaying package configuration, since apt-utils is not installed');
  io.out(`Fetched ${kb(download)} in 0s (${kb(download * 4)}/s)`);
  let files = 18000 + status.size * 37;
  for (const p of pkgs) {
    io.out(`Selecting previously unselected package ${p.name}.`);
    io.out(`(Reading database ... ${files} files and directories currently installed.)`);
    io.out(`Preparing to unpack .../${p.name}_${debVersion(p.version)}_${p.arch ?? 'amd64'}.deb ...\nUnpacking ${p.name} (${p.version}) ...`);
    files += 11;
  }
  for (const p of pkgs) {
    io.out(`Setting up ${p.name} (${p.version}) ...`);
    for (const line of packages.install(root, p)) io.out(line);
  }
  io.out('Processing triggers for man-db (2.11.2-2) ...');
  return 0;
}

/** @param {string} root @param {string[]} requested @param {Opts} o @param {Io} io */
function removePackages(root, requested, o, io) {
  const status = db.readStatus(root);
  /** @type {import('./catalog.cjs').PackageDef[]} */
  const victims = [];
  for (const r of requested) {
    const pkg = catalog.findPackage(r);
    if (!pkg) {
      io.err(`E: Unable to locate package ${r}`);
      return 100;
    }
    if (!status.has(pkg.name)) io.out(`Package '${pkg.name}' is not installed, so not removed`);
    else victims.push(pkg);
  }
  if (!victims.length) {
    io.out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
    return 0;
  }
  const verb = o.purge ? '*' : '';
  io.out(`The following packages will be REMOVED:\n${wrap(victims.map((p) => `${p.name}${verb}`))}`);
  io.out(`0 upgraded, 0 newly installed, ${victims.length} to remove and 0 not upgraded.`);
  io.out(`After this operation, ${kb(victims.reduce((s, p) => s + (p.size ?? 100), 0))} disk space will be freed.`);
  if (!o.yes) {
    io.out('Do you want to continue? [Y/n] Abort.');
    return 1;
  }
  io.out(`(Reading database ... ${18000 + status.size * 37} files and directories currently installed.)`);
  for (const p of victims) {
    io.out(`Removing ${p.name} (${p.version}) ...`);
    packages.uninstall(root, p, o.purge);
    if (o.purge) io.out(`Purging configuration files for ${p.name} (${p.version}) ...`);
  }
  return 0;
}

/**
 * @param {'apt-get' | 'apt'} tool @param {string[]} argv @param {Io} io
 * @returns {number}
 */
function main(tool, argv, io) {
  const root = io.root ?? '/';
  const o = parseArgs(argv);
  if (o.bad) {
    io.err(`E: ${o.bad}`);
    return 100;
  }
  const [command, ...names] = o.args;
  if (tool === 'apt') io.err('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n');
  const out = o.quiet >= 2 ? () => {} : io.out;
  const quietIo = { ...io, out };
  const preamble = () => out('Reading package lists...\nBuilding dependency tree...\nReading state information...');
  /** Changes to the system run under the dpkg frontend lock (not a simulation). */
  const locked = (/** @type {() => number} */ fn) => {
    if (o.simulate) return fn();
    const release = updates.lock(root, io, tool, o.lockTimeout, updates.FRONTEND);
    if (!release) return 100;
    try {
      return fn();
    } finally {
      release();
    }
  };
  switch (command) {
    case 'update':
      return updates.update(root, quietIo, tool, o.lockTimeout, o);
    case 'install':
      return locked(() => {
        preamble();
        if (!names.length) {
          out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
          return 0;
        }
        return install(root, names, o, quietIo, tool);
      });
    case 'remove':
    case 'purge':
      return locked(() => {
        preamble();
        return removePackages(root, names, { ...o, purge: o.purge || command === 'purge' }, quietIo);
      });
    case 'upgrade':
    case 'dist-upgrade':
    case 'full-upgrade':
      return updates.upgrade(root, o, quietIo, tool, preamble);
    case 'autoremove':
    case 'autopurge':
      preamble();
      out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
      return 0;
    case 'clean':
    case 'autoclean':
      return 0;
    case 'list':
      if (tool !== 'apt') break;
      if (o.upgradable) return updates.listUpgradable(root, quietIo);
      out('Listing...');
      for (const [name, f] of [...db.readStatus(root)].sort(([a], [b]) => a.localeCompare(b))) {
        out(`${name}/stable,now ${f.get('Version')} ${f.get('Architecture')} [installed]`);
      }
      return 0;
    case 'policy':
      if (tool !== 'apt') break;
      return require('./apt-cache.cjs').main('apt-cache', ['policy', ...names], io);
    case undefined:
      io.out(`apt 2.6.1 (amd64)\nUsage: ${tool} [options] command`);
      return 1;
    default:
      break;
  }
  io.err(`E: Invalid operation ${command}`);
  return 100;
}

module.exports = { main };
