// @ts-check
'use strict';
/**
 * `apt-cache policy [pkg...]` (and `apt policy`) against the simulated archive, with apt 2.6's
 * layout: the installed version, the candidate `apt-get install` would pick (the archive's, or a
 * newer one the container fetched at its last `apt-get update`), and the version table. Other
 * apt-cache commands are not simulated and say so.
 */
const catalog = require('./catalog.cjs');
const db = require('./dpkg-db.cjs');
const repo = require('./repo.cjs');

/** @typedef {{ out: (s: string) => void, err: (s: string) => void, root?: string }} Io */

const MAIN = 'http://deb.debian.org/debian bookworm/main';
const SECURITY = 'http://security.debian.org/debian-security bookworm-security/main';

/** @param {string} root @param {string} request @param {Io} io */
function policyOf(root, request, io) {
  const pkg = catalog.findPackage(request);
  if (!pkg) {
    io.err(`N: Unable to locate package ${request}`);
    return;
  }
  const installed = db.readStatus(root).get(pkg.name)?.get('Version');
  const fetched = repo.fetched(root, 'debian').packages[pkg.name];
  const arch = pkg.arch ?? 'amd64';
  /** @type {{ version: string, source: string }[]} */
  const table = [{ version: pkg.version, source: `${MAIN} ${arch} Packages` }];
  if (fetched && fetched.version !== pkg.version) table.push({ version: fetched.version, source: `${fetched.security ? SECURITY : MAIN} ${arch} Packages` });
  table.sort((a, b) => repo.compareDeb(b.version, a.version));
  const candidate = table[0]?.version ?? pkg.version;
  io.out(`${pkg.name}:`);
  io.out(`  Installed: ${installed ?? '(none)'}`);
  io.out(`  Candidate: ${candidate}`);
  io.out('  Version table:');
  let shownInstalled = false;
  for (const row of table) {
    const mine = row.version === installed;
    shownInstalled ||= mine;
    io.out(`${mine ? ' *** ' : '     '}${row.version} 500`);
    io.out(`        500 ${row.source}`);
    if (mine) io.out('        100 /var/lib/dpkg/status');
  }
  if (installed && !shownInstalled) {
    // Installed from a version the archive no longer has (withdrawn): only dpkg knows it.
    io.out(` *** ${installed} 100`);
    io.out('        100 /var/lib/dpkg/status');
  }
}

/** @param {Io} io */
function packageFiles(io) {
  io.out('Package files:');
  io.out(' 100 /var/lib/dpkg/status\n     release a=now');
  io.out(` 500 ${SECURITY} amd64 Packages\n     release v=12,o=Debian,a=stable-security,n=bookworm-security,l=Debian-Security,c=main,b=amd64\n     origin security.debian.org`);
  io.out(` 500 ${MAIN} amd64 Packages\n     release v=12.9,o=Debian,a=stable,n=bookworm,l=Debian,c=main,b=amd64\n     origin deb.debian.org`);
  io.out('Pinned packages:');
  return 0;
}

/**
 * @param {'apt-cache' | 'apt'} tool @param {string[]} argv @param {Io} io
 * @returns {number}
 */
function main(tool, argv, io) {
  const root = io.root ?? '/';
  const args = argv.filter((a, i) => !a.startsWith('-') && argv[i - 1] !== '-o' && argv[i - 1] !== '-c');
  const [command, ...names] = args;
  if (command === 'policy') {
    if (tool === 'apt') io.err('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n');
    if (!names.length) return packageFiles(io);
    for (const n of names) policyOf(root, n, io);
    return 0;
  }
  if (command === undefined) {
    io.out(`apt 2.6.1 (amd64)\nUsage: apt-cache [options] command`);
    return 1;
  }
  io.err(`E: kiln-sim: apt-cache ${command} is not simulated (policy is)`);
  return 100;
}

module.exports = { main };
