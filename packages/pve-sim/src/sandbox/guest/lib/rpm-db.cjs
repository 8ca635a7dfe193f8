// @ts-check
'use strict';
/**
 * The rpm side of Fedora 42 and Rocky Linux 9 containers: which distribution this is, the small
 * simulated repositories `dnf install` finds (real names and versions of each release), and the rpm
 * database. Programs are the host's (every container runs the host's /usr), so the database is
 * kept in /var/lib/kiln-sim/rpmdb.json (the real /usr/lib/sysimage/rpm is the host's /usr here);
 * until something is installed it holds the base system of the template.
 */
const { exists, readJson, readText, writeJson } = require('./fsutil.cjs');
const repo = require('./repo.cjs');

const DB = '/var/lib/kiln-sim/rpmdb.json';

/** @typedef {'fedora' | 'rocky'} Distro */
/**
 * @typedef {{ name: string, description: string, type?: 'simple' | 'forking' | 'notify' | 'oneshot', execStart: string, after?: string, docs?: string }} UnitDef
 * @typedef {{ name: string, arch: string, evr: Record<Distro, string | undefined>, repo: Record<Distro, string>, size: number,
 *   summary: string, units?: UnitDef[], bins?: { name: string, realPath: string, version: string, versionOnStderr?: boolean }[],
 *   files?: Record<string, string>, base?: boolean }} RpmDef
 * (a program's `version` text has `{V}` where the installed upstream version goes)
 * @typedef {{ evr: string, arch: string, repo: string, installtime: number }} Installed
 */

const BASE_TIME = Date.UTC(2025, 3, 28, 6, 12, 0);

/** @type {RpmDef[]} */
const CATALOG = [
  { name: 'bash', arch: 'x86_64', evr: { fedora: '5.2.37-1.fc42', rocky: '5.1.8-9.el9' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 8200, summary: 'The GNU Bourne Again shell', base: true },
  {
    name: 'coreutils',
    arch: 'x86_64',
    evr: { fedora: '9.6-1.fc42', rocky: '8.32-35.el9' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 5900,
    summary: 'A set of basic GNU tools commonly used in shell scripts',
    base: true,
  },
  { name: 'glibc', arch: 'x86_64', evr: { fedora: '2.41-1.fc42', rocky: '2.34-100.el9_4.2' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 6600, summary: 'The GNU libc libraries', base: true },
  {
    name: 'systemd',
    arch: 'x86_64',
    evr: { fedora: '257.4-1.fc42', rocky: '252-32.el9_4' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 16000,
    summary: 'System and Service Manager',
    base: true,
  },
  {
    name: 'rpm',
    arch: 'x86_64',
    evr: { fedora: '4.20.1-1.fc42', rocky: '4.16.1.3-29.el9' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 2900,
    summary: 'The RPM package management system',
    base: true,
  },
  { name: 'dnf5', arch: 'x86_64', evr: { fedora: '5.2.12.0-1.fc42', rocky: undefined }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 1900, summary: 'Command-line package manager', base: true },
  { name: 'dnf', arch: 'noarch', evr: { fedora: undefined, rocky: '4.14.0-9.el9' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 2300, summary: 'Package manager', base: true },
  {
    name: 'openssl-libs',
    arch: 'x86_64',
    evr: { fedora: '1:3.2.4-3.fc42', rocky: '1:3.0.7-27.el9' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 6300,
    summary: 'A general purpose cryptography library with TLS implementation',
    base: true,
  },
  {
    name: 'curl',
    arch: 'x86_64',
    evr: { fedora: '8.11.1-4.fc42', rocky: '7.76.1-29.el9_4' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 750,
    summary: 'A utility for getting files from remote servers (FTP, HTTP, and others)',
    base: true,
  },
  {
    name: 'libcurl',
    arch: 'x86_64',
    evr: { fedora: '8.11.1-4.fc42', rocky: '7.76.1-29.el9_4' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 850,
    summary: 'A library for getting files from web servers',
    base: true,
  },
  {
    name: 'ca-certificates',
    arch: 'noarch',
    evr: { fedora: '2024.2.69_v8.0.401-5.fc42', rocky: '2023.2.60_v7.0.306-90.1.el9_2' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 2400,
    summary: 'The Mozilla CA root certificate bundle',
    base: true,
  },
  { name: 'tzdata', arch: 'noarch', evr: { fedora: '2025b-1.fc42', rocky: '2024a-1.el9' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 1700, summary: 'Timezone data', base: true },
  { name: 'fedora-release', arch: 'noarch', evr: { fedora: '42-26', rocky: undefined }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 0, summary: 'Fedora release files', base: true },
  { name: 'rocky-release', arch: 'noarch', evr: { fedora: undefined, rocky: '9.4-1.7.el9' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 100, summary: 'Rocky Linux release files', base: true },
  {
    name: 'nginx',
    arch: 'x86_64',
    evr: { fedora: '2:1.26.3-1.fc42', rocky: '1:1.20.1-14.el9_2.1' },
    repo: { fedora: 'fedora', rocky: 'appstream' },
    size: 1800,
    summary: 'A high performance web server and reverse proxy server',
    units: [
      {
        name: 'nginx.service',
        description: 'The nginx HTTP and reverse proxy server',
        type: 'forking',
        execStart: '/usr/sbin/nginx',
        after: 'network-online.target remote-fs.target nss-lookup.target',
      },
    ],
    bins: [{ name: 'nginx', realPath: '/usr/sbin/nginx', version: 'nginx version: nginx/{V}', versionOnStderr: true }],
    files: {
      '/etc/nginx/nginx.conf':
        'user nginx;\nworker_processes auto;\nerror_log /var/log/nginx/error.log notice;\npid /run/nginx.pid;\n\nevents {\n    worker_connections 1024;\n}\n\nhttp {\n    include /etc/nginx/mime.types;\n    include /etc/nginx/conf.d/*.conf;\n}\n',
      // /usr is the host's, read-only: the default page in /usr/share/nginx/html is not simulated.
    },
  },
  {
    name: 'cronie',
    arch: 'x86_64',
    evr: { fedora: '1.7.2-6.fc42', rocky: '1.5.7-11.el9' },
    repo: { fedora: 'fedora', rocky: 'baseos' },
    size: 300,
    summary: 'Cron daemon for executing programs at set times',
    units: [
      {
        name: 'crond.service',
        description: 'Command Scheduler',
        execStart: '/usr/sbin/crond -n $CRONDARGS',
        after: 'auditd.service nss-user-lookup.target systemd-user-sessions.service time-sync.target ypbind.service autofs.service',
      },
    ],
    files: { '/etc/sysconfig/crond': '# Settings for the CRON daemon.\nCRONDARGS=\n' },
  },
  {
    name: 'redis',
    arch: 'x86_64',
    evr: { fedora: undefined, rocky: '6.2.7-1.el9' },
    repo: { fedora: 'fedora', rocky: 'appstream' },
    size: 4000,
    summary: 'A persistent key-value database',
    units: [
      {
        name: 'redis.service',
        description: 'Redis persistent key-value database',
        type: 'notify',
        execStart: '/usr/bin/redis-server /etc/redis/redis.conf --daemonize no --supervised systemd',
        after: 'network.target',
      },
    ],
    bins: [{ name: 'redis-server', realPath: '/usr/bin/redis-server', version: 'Redis server v={V} sha=00000000:0 malloc=jemalloc-5.1.0 bits=64 build=ec192bdd77ecd321' }],
    files: { '/etc/redis/redis.conf': 'bind 127.0.0.1 -::1\nport 6379\ndir /var/lib/redis\n' },
  },
  { name: 'jq', arch: 'x86_64', evr: { fedora: '1.7.1-11.fc42', rocky: '1.6-16.el9' }, repo: { fedora: 'fedora', rocky: 'appstream' }, size: 400, summary: 'Command-line JSON processor' },
  { name: 'git', arch: 'x86_64', evr: { fedora: '2.49.0-1.fc42', rocky: '2.43.5-1.el9_4' }, repo: { fedora: 'fedora', rocky: 'appstream' }, size: 85, summary: 'Fast Version Control System' },
  { name: 'nano', arch: 'x86_64', evr: { fedora: '8.3-2.fc42', rocky: '5.6.1-5.el9' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 2900, summary: 'A small text editor' },
  { name: 'htop', arch: 'x86_64', evr: { fedora: '3.3.0-5.fc42', rocky: undefined }, repo: { fedora: 'fedora', rocky: 'appstream' }, size: 450, summary: 'Interactive process viewer' },
  { name: 'python3', arch: 'x86_64', evr: { fedora: '3.13.2-1.fc42', rocky: '3.9.18-3.el9_4.5' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 30, summary: 'Python 3 interpreter' },
  { name: 'tar', arch: 'x86_64', evr: { fedora: '2:1.35-5.fc42', rocky: '2:1.34-6.el9_4.1' }, repo: { fedora: 'fedora', rocky: 'baseos' }, size: 3000, summary: 'GNU file archiving program' },
];

const byName = new Map(CATALOG.map((p) => [p.name, p]));

/** Fedora or Rocky, from the release files the template laid out; undefined elsewhere (no rpm there). @param {string} root @returns {Distro | undefined} */
function distroOf(root) {
  if (exists(root, '/etc/fedora-release')) return 'fedora';
  if (exists(root, '/etc/rocky-release') || exists(root, '/etc/redhat-release')) return 'rocky';
  return undefined;
}

/**
 * Whether a published version is built for this release: `.fcNN` releases are Fedora's, `.elN`
 * ones Rocky's (the dist tag, as real repositories are split); others go to both.
 * @param {string} evr @param {Distro} distro
 */
function builtFor(evr, distro) {
  if (/\.fc\d+/.test(evr)) return distro === 'fedora';
  if (/\.el\d+/.test(evr)) return distro === 'rocky';
  return true;
}

/** The catalog entry of a package this release has. @param {string} name @param {Distro} distro */
function find(name, distro) {
  const p = byName.get(name);
  return p && p.evr[distro] ? p : undefined;
}

/** @param {string} root @param {Distro} distro @returns {Record<string, Installed>} */
function readDb(root, distro) {
  /** @type {Record<string, Installed>} */
  const base = {};
  for (const p of CATALOG) {
    const evr = p.evr[distro];
    if (p.base && evr) base[p.name] = { evr, arch: p.arch, repo: p.repo[distro], installtime: BASE_TIME };
  }
  return readJson(root, DB, base);
}

/** @param {string} root @param {Record<string, Installed>} db */
function writeDb(root, db) {
  writeJson(root, DB, db);
}

/** `[epoch:]version-release` split. @param {string} evr */
function splitEvr(evr) {
  const m = /^(?:(\d+):)?([^-]*)-(.*)$/.exec(evr) ?? [];
  return { epoch: m[1] ?? '', version: m[2] ?? evr, release: m[3] ?? '' };
}

/** name-[epoch:]version-release.arch, as dnf prints packages (epoch only when not 0 unless `full`). @param {string} name @param {string} evr @param {string} arch */
function nevra(name, evr, arch, full = false) {
  const e = splitEvr(evr);
  const epoch = e.epoch && e.epoch !== '0' ? `${e.epoch}:` : full ? '0:' : '';
  return `${name}-${epoch}${e.version}-${e.release}.${arch}`;
}

/** rpm's own name for a package file: name-version-release.arch (never the epoch). @param {string} name @param {string} evr @param {string} arch */
function nvra(name, evr, arch) {
  const e = splitEvr(evr);
  return `${name}-${e.version}-${e.release}.${arch}`;
}

/** The hostname the journal shows (like packages.cjs). @param {string} root */
function hostOf(root) {
  return (readText(root, '/etc/hostname') ?? '').trim() || undefined;
}

module.exports = { CATALOG, DB, distroOf, builtFor, find, readDb, writeDb, splitEvr, nevra, nvra, hostOf, compare: repo.compareRpm };
