// @ts-check
'use strict';
/** The dpkg database (`/var/lib/dpkg/status`, RFC 822 stanzas) and the system users packages add. */
const { readText, writeText } = require('./fsutil.cjs');

const STATUS_FILE = '/var/lib/dpkg/status';

/** @typedef {Map<string, Map<string, string>>} StatusDb */

/** @param {string} root @returns {StatusDb} */
function readStatus(root) {
  /** @type {StatusDb} */
  const db = new Map();
  const text = readText(root, STATUS_FILE) ?? '';
  for (const block of text.split(/\n\s*\n/)) {
    /** @type {Map<string, string>} */
    const fields = new Map();
    let last = '';
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)}\n${line}`);
      else {
        const m = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line);
        if (m && m[1] !== undefined && m[2] !== undefined) {
          last = m[1];
          fields.set(last, m[2]);
        }
      }
    }
    const name = fields.get('Package');
    if (name) db.set(name, fields);
  }
  return db;
}

/** @param {string} root @param {StatusDb} db */
function writeStatus(root, db) {
  const blocks = [...db.values()].map((f) => [...f].map(([k, v]) => `${k}: ${v}`).join('\n'));
  writeText(root, STATUS_FILE, blocks.length ? `${blocks.join('\n\n')}\n` : '');
}

/** @param {import('./catalog.cjs').PackageDef} pkg @returns {Map<string, string>} */
function stanzaFor(pkg) {
  const f = new Map([
    ['Package', pkg.name],
    ['Status', 'install ok installed'],
    ['Priority', pkg.essential ? 'required' : 'optional'],
    ['Section', pkg.section ?? 'misc'],
    ['Installed-Size', String(pkg.size ?? 100)],
    ['Maintainer', 'Debian Developers <debian-devel@lists.debian.org>'],
    ['Architecture', pkg.arch ?? 'amd64'],
  ]);
  if (pkg.essential) f.set('Essential', 'yes');
  f.set('Version', pkg.version);
  if (pkg.depends?.length) f.set('Depends', pkg.depends.join(', '));
  f.set('Description', pkg.description);
  return f;
}

/** @param {string} root @param {string} file */
function readLines(root, file) {
  return (readText(root, file) ?? '').split('\n').filter((l) => l.length > 0);
}

/** @param {string} root @param {string} name */
function ensureGroup(root, name) {
  const lines = readLines(root, '/etc/group');
  const found = lines.find((l) => l.startsWith(`${name}:`));
  if (found) return Number(found.split(':')[2]);
  const used = new Set(lines.map((l) => Number(l.split(':')[2])));
  let gid = 100;
  while (used.has(gid)) gid++;
  writeText(root, '/etc/group', `${[...lines, `${name}:x:${gid}:`].join('\n')}\n`);
  const gshadow = readLines(root, '/etc/gshadow');
  writeText(root, '/etc/gshadow', `${[...gshadow, `${name}:!::`].join('\n')}\n`, 0o640);
  return gid;
}

/**
 * Add a system user like adduser --system does in a package's postinst.
 * @param {string} root @param {{ name: string, home: string, shell?: string, gecos?: string }} user
 */
function ensureSystemUser(root, user) {
  const lines = readLines(root, '/etc/passwd');
  if (lines.some((l) => l.startsWith(`${user.name}:`))) return;
  const used = new Set(lines.map((l) => Number(l.split(':')[2])));
  let uid = 100;
  while (used.has(uid)) uid++;
  const gid = ensureGroup(root, user.name);
  const entry = `${user.name}:x:${uid}:${gid}:${user.gecos ?? ''}:${user.home}:${user.shell ?? '/usr/sbin/nologin'}`;
  writeText(root, '/etc/passwd', `${[...lines, entry].join('\n')}\n`);
  const shadow = readLines(root, '/etc/shadow');
  writeText(root, '/etc/shadow', `${[...shadow, `${user.name}:*:19800:0:99999:7:::`].join('\n')}\n`, 0o640);
}

module.exports = { readStatus, writeStatus, stanzaFor, ensureSystemUser, ensureGroup, STATUS_FILE };
