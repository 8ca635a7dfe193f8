// @ts-check
'use strict';
/**
 * dnf's view of the simulator's rpm repository (family `fedora` of repo.cjs): the metadata cache
 * and when it expires, the upgrades it offers and their advisories (updateinfo). Fedora 42 runs
 * dnf5, Rocky Linux 9 dnf 4; both read the same published versions.
 */
const { readText, writeText, exists, remove } = require('./fsutil.cjs');
const repo = require('./repo.cjs');
const db = require('./rpm-db.cjs');

const STAMP = '/var/cache/dnf/last_makecache';
/** The `updates` (Fedora) and `baseos`/`appstream` (Rocky) repositories set metadata_expire=6h. */
const EXPIRE_MS = 6 * 3600_000;

/** @typedef {{ name: string, arch: string, from: string, evr: string, repo: string, next: import('./repo.cjs').Published }} Pending */
/** @typedef {{ id: string, type: 'security' | 'bugfix', severity: string, pkg: Pending }} Advisory */

const REPO_NAMES = /** @type {Record<import('./rpm-db.cjs').Distro, [string, string][]>} */ ({
  fedora: [
    ['fedora', 'Fedora 42 - x86_64'],
    ['updates', 'Fedora 42 - x86_64 - Updates'],
  ],
  rocky: [
    ['baseos', 'Rocky Linux 9 - BaseOS'],
    ['appstream', 'Rocky Linux 9 - AppStream'],
    ['extras', 'Rocky Linux 9 - Extras'],
  ],
});

/** @param {string} root */
function cached(root) {
  return exists(root, repo.LISTS.fedora) && exists(root, STAMP);
}

/** @param {string} root */
function lastRefresh(root) {
  return Number(readText(root, STAMP) ?? 0);
}

/** Downloads the metadata (the published index) into the cache. @param {string} root */
function refresh(root) {
  repo.refresh(root, 'fedora');
  writeText(root, STAMP, `${Date.now()}\n`);
}

/** `dnf clean all|metadata`. @param {string} root */
function clean(root) {
  remove(root, repo.LISTS.fedora);
  remove(root, STAMP);
}

/** @param {string} root */
function expired(root) {
  return !cached(root) || Date.now() - lastRefresh(root) > EXPIRE_MS;
}

/** Installed packages the cached metadata has newer versions of. @param {string} root @param {import('./rpm-db.cjs').Distro} distro @returns {Pending[]} */
function pending(root, distro) {
  const index = repo.fetched(root, 'fedora').packages;
  /** @type {Pending[]} */
  const out = [];
  for (const [name, p] of Object.entries(db.readDb(root, distro))) {
    const next = index[name];
    if (!next || !db.builtFor(next.version, distro) || db.compare(next.version, p.evr) <= 0) continue;
    const def = db.find(name, distro);
    out.push({ name, arch: p.arch, from: p.evr, evr: next.version, repo: distro === 'fedora' ? 'updates' : (def?.repo.rocky ?? p.repo), next });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A stable number from a string (advisory ids must not change between runs). @param {string} s */
function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** The advisory that ships each pending upgrade: Fedora `FEDORA-2025-<hex>`, Rocky `RLSA-`/`RLBA-2025:<n>`. @param {Pending[]} list @param {import('./rpm-db.cjs').Distro} distro @returns {Advisory[]} */
function advisories(list, distro) {
  return list.map((pkg) => {
    const h = hash(`${pkg.name}-${pkg.evr}`);
    const security = Boolean(pkg.next.security);
    const id = distro === 'fedora' ? `FEDORA-2025-${h.toString(16).padStart(8, '0')}${(h % 256).toString(16).padStart(2, '0')}` : `${security ? 'RLSA' : 'RLBA'}-2025:${1000 + (h % 9000)}`;
    return { id, type: security ? 'security' : 'bugfix', severity: security ? 'Important' : distro === 'fedora' ? 'None' : '', pkg };
  });
}

module.exports = { REPO_NAMES, EXPIRE_MS, cached, lastRefresh, refresh, clean, expired, pending, advisories };
