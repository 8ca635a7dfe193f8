// @ts-check
'use strict';
/** `dpkg -s|-l` and `dpkg-query -s|-l|-W [-f fmt]` reading the simulated dpkg database. */
const db = require('./dpkg-db.cjs');

/** @typedef {{ out: (s: string) => void, err: (s: string) => void, write: (s: string) => void, root?: string }} Io */

const ACTIONS = /** @type {Record<string, string>} */ ({ '-s': 's', '--status': 's', '-l': 'l', '--list': 'l', '-W': 'W', '--show': 'W' });

const globToRegExp = (/** @type {string} */ g) =>
  new RegExp(
    `^${g
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

/** dpkg-query --showformat: ${Field}, ${Field;width}, \n \t escapes. @param {string} fmt @param {Map<string, string>} f */
function showFormat(fmt, f) {
  const value = (/** @type {string} */ field) => {
    switch (field) {
      case 'binary:Package':
        return f.get('Package') ?? '';
      case 'db:Status-Abbrev':
        return 'ii ';
      case 'db:Status-Want':
        return 'install';
      case 'db:Status-Status':
        return 'installed';
      case 'db:Status-Eflag':
        return 'ok';
      case 'binary:Summary':
        return (f.get('Description') ?? '').split('\n')[0] ?? '';
      default:
        return f.get(field) ?? '';
    }
  };
  return fmt
    .replace(/\$\{([^};]+)(?:;(-?\d+))?\}/g, (_m, field, width) => {
      const v = value(field);
      if (width === undefined) return v;
      const w = Number(width);
      return w < 0 ? v.padEnd(-w) : v.padStart(w);
    })
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

/** @param {string} prog @param {string[]} names @param {Io} io */
function status(prog, names, io) {
  const all = db.readStatus(io.root ?? '/');
  if (!names.length) {
    io.err(`${prog}: error: --status needs at least one package name argument`);
    return 2;
  }
  let code = 0;
  const blocks = [];
  for (const n of names) {
    const f = all.get(n);
    if (!f) {
      io.err(`dpkg-query: package '${n}' is not installed and no information is available`);
      code = 1;
      continue;
    }
    blocks.push([...f].map(([k, v]) => `${k}: ${v}`).join('\n'));
  }
  if (blocks.length) io.out(blocks.join('\n\n'));
  if (code) io.err('Use dpkg --info (= dpkg-deb --info) to examine archive files.');
  return code;
}

/** @param {string[]} patterns @param {Io} io @returns {[Map<string, string>[], number]} */
function matching(patterns, io) {
  const all = [...db.readStatus(io.root ?? '/').values()];
  if (!patterns.length) return [all, 0];
  const found = [];
  let code = 0;
  for (const p of patterns) {
    const re = globToRegExp(p);
    const hits = all.filter((f) => re.test(f.get('Package') ?? ''));
    if (!hits.length) {
      io.err(`dpkg-query: no packages found matching ${p}`);
      code = 1;
    }
    found.push(...hits);
  }
  return [found, code];
}

/**
 * `dpkg --configure -a`: configures what an interrupted run left unpacked or half-configured
 * (the maintainer script of the recorded version runs again, and fails again if it is broken).
 * @param {Io} io
 */
function configurePending(io) {
  const root = io.root ?? '/';
  const catalog = require('./catalog.cjs');
  const packages = require('./packages.cjs');
  const repo = require('./repo.cjs');
  const published = repo.fetched(root, 'debian').packages;
  const failed = [];
  for (const [name, f] of db.readStatus(root)) {
    const status = f.get('Status') ?? '';
    const version = f.get('Version') ?? '';
    if (status === 'install ok installed') continue;
    if (!/unpacked|half-configured/.test(status)) {
      io.err(`dpkg: error processing package ${name} (--configure):\n package ${name} is not ready for configuration\n cannot configure (current status '${status.split(' ')[2] ?? status}')`);
      failed.push(name);
      continue;
    }
    const pkg = catalog.findPackage(name) ?? { name, version, description: name };
    const next = published[name]?.version === version ? published[name] : { version };
    io.out(`Setting up ${name} (${version}) ...`);
    const r = packages.upgrade(root, pkg, next, { phase: 'configure' });
    for (const line of r.lines) io.out(line);
    if (r.ok) continue;
    io.err(`dpkg: error processing package ${name} (--configure):\n installed ${name} package post-installation script subprocess returned error exit status 1`);
    failed.push(name);
  }
  if (!failed.length) return 0;
  io.err(`Errors were encountered while processing:\n${failed.map((n) => ` ${n}`).join('\n')}`);
  return 1;
}

/** @param {string[]} patterns @param {Io} io */
function list(patterns, io) {
  const [rows, code] = matching(patterns, io);
  const cols = rows.map((f) => [f.get('Package') ?? '', f.get('Version') ?? '', f.get('Architecture') ?? '', (f.get('Description') ?? '').split('\n')[0] ?? '']);
  const w = [14, 12, 12].map((min, i) => Math.max(min, ...cols.map((c) => (c[i] ?? '').length)));
  const [w0 = 14, w1 = 12, w2 = 12] = w;
  io.out(
    [
      'Desired=Unknown/Install/Remove/Purge/Hold',
      '| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend',
      '|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)',
      `||/ ${'Name'.padEnd(w0)} ${'Version'.padEnd(w1)} ${'Architecture'.padEnd(w2)} Description`,
      `+++-${'='.repeat(w0)}-${'='.repeat(w1)}-${'='.repeat(w2)}-${'='.repeat(40)}`,
      ...cols.map(([n = '', v = '', a = '', d = '']) => `ii  ${n.padEnd(w0)} ${v.padEnd(w1)} ${a.padEnd(w2)} ${d}`),
    ].join('\n'),
  );
  return code;
}

/**
 * @param {'dpkg' | 'dpkg-query'} prog @param {string[]} argv @param {Io} io
 * @returns {number}
 */
function main(prog, argv, io) {
  let fmt = '${binary:Package}\\t${Version}\\n';
  let action = '';
  const args = [];
  if (prog === 'dpkg' && argv[0] === '--configure' && (argv[1] === '-a' || argv[1] === '--pending')) return configurePending(io);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-f' || a === '--showformat') fmt = argv[++i] ?? '';
    else if (a.startsWith('--showformat=')) fmt = a.slice('--showformat='.length);
    else if (a.startsWith('-f') && a.length > 2) fmt = a.slice(2);
    else if (ACTIONS[a]) action = ACTIONS[a];
    else if (a.startsWith('-')) {
      io.err(`${prog}: error: unknown option ${a}\n\nUse --help for help about querying packages.`);
      return 2;
    } else args.push(a);
  }
  if (action === 's') return status(prog, args, io);
  if (action === 'l') return list(args, io);
  if (action === 'W') {
    const [rows, code] = matching(args, io);
    const text = rows.map((f) => showFormat(fmt, f)).join('');
    if (text) io.write(text);
    return code;
  }
  io.err(`${prog}: error: need an action option\n\nType ${prog} --help for help about installing and deinstalling packages [*];`);
  return 2;
}

module.exports = { main, showFormat };
