// @ts-check
'use strict';
/** `rpm -q` / `rpm -qa` with `--queryformat` (rpm 4.16 / 4.20) over the simulated rpm database. */
const db = require('./rpm-db.cjs');

/** @typedef {{ out: (s: string) => void, err: (s: string) => void, write?: (s: string) => void, root?: string }} Io */

/** Renders a --queryformat for one package: %{TAG}, %-20{TAG}, \n and \t. @param {string} fmt @param {string} name @param {import('./rpm-db.cjs').Installed} p */
function queryFormat(fmt, name, p) {
  const e = db.splitEvr(p.evr);
  const epoch = e.epoch && e.epoch !== '0' ? e.epoch : '';
  /** @type {Record<string, string>} */
  const tags = {
    NAME: name,
    VERSION: e.version,
    RELEASE: e.release,
    ARCH: p.arch,
    EPOCH: epoch || '(none)',
    EPOCHNUM: epoch || '0',
    EVR: `${epoch ? `${epoch}:` : ''}${e.version}-${e.release}`,
    NEVRA: db.nevra(name, p.evr, p.arch),
    NVRA: db.nvra(name, p.evr, p.arch),
    INSTALLTIME: String(Math.floor(p.installtime / 1000)),
  };
  return fmt
    .replace(/%(-?\d*)\{([A-Za-z]+)\}/g, (_m, width, tag) => {
      const v = tags[String(tag).toUpperCase()] ?? '(none)';
      const w = Number(width || 0);
      return w < 0 ? v.padEnd(-w) : v.padStart(w);
    })
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

/** @param {string[]} argv @param {Io} io @returns {number} */
function main(argv, io) {
  const root = io.root ?? '/';
  const distro = db.distroOf(root);
  if (!distro) {
    io.err('sh: rpm: not found');
    return 127;
  }
  if (argv.includes('--version')) {
    io.out(distro === 'fedora' ? 'RPM version 4.20.1' : 'RPM version 4.16.1.3');
    return 0;
  }
  let fmt = '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n';
  let all = false;
  let query = false;
  /** @type {string[]} */
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--qf' || a === '--queryformat') fmt = argv[++i] ?? '';
    else if (a.startsWith('--qf=') || a.startsWith('--queryformat=')) fmt = a.slice(a.indexOf('=') + 1);
    else if (a === '-qa' || a === '-aq') query = all = true;
    else if (a === '-q' || a === '--query') query = true;
    else if (a === '-a' || a === '--all') all = true;
    else if (a.startsWith('-')) {
      io.err(`rpm: ${a}: unknown option`);
      return 1;
    } else names.push(a);
  }
  if (!query) {
    io.err('rpm: no operation specified');
    return 1;
  }
  const installed = db.readDb(root, distro);
  const write = io.write ?? ((/** @type {string} */ s) => io.out(s.replace(/\n$/, '')));
  if (all) {
    for (const [name, p] of Object.entries(installed)) write(queryFormat(fmt, name, p));
    return 0;
  }
  let missing = 0;
  for (const n of names) {
    const p = installed[n];
    if (p) write(queryFormat(fmt, n, p));
    else {
      io.out(`package ${n} is not installed`);
      missing++;
    }
  }
  return Math.min(missing, 255);
}

module.exports = { main, queryFormat };
