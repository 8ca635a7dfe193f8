// @ts-check
'use strict';
/**
 * The simulator's package repositories as a container sees them. The host (tests, through
 * `packageRepository()` of `@kiln/pve-sim/testing`) publishes newer versions into one directory
 * per simulator, bound read-only at REPO_DIR in every container. Like on a real system, a
 * container only knows what its last `apt-get update` / `apk update` fetched: the fetched index
 * is copied into the container's own lists (LISTS), and upgrades are computed from that copy.
 */
const fs = require('node:fs');
const { at, exists, readJson, writeJson } = require('./fsutil.cjs');

const REPO_DIR = '/usr/local/share/kiln-sim/repo';

/**
 * @typedef {{ at: 'unpack' | 'postinst' | 'prein', afterFiles?: number }} FailDef
 * @typedef {{ version: string, security?: boolean, files?: Record<string, string>, restarts?: string[],
 *   fail?: FailDef, delayMs?: number, binVersion?: string }} Published
 * @typedef {{ serial: number, packages: Record<string, Published> }} RepoIndex
 * @typedef {'debian' | 'alpine' | 'fedora'} Family
 */

const LISTS = /** @type {Record<Family, string>} */ ({
  debian: '/var/lib/apt/lists/kiln-sim_packages.json',
  alpine: '/var/cache/apk/kiln-sim_APKINDEX.json',
  // dnf's metadata cache (dnf 4: /var/cache/dnf, dnf5: /var/cache/libdnf5); see dnf.cjs.
  fedora: '/var/cache/dnf/kiln-sim_repodata.json',
});

/** What the repository holds now (the mirror side). @param {string} root @param {Family} family @returns {RepoIndex} */
function remote(root, family) {
  return readJson(root, `${REPO_DIR}/${family}.json`, { serial: 0, packages: {} });
}

/** What the container fetched at its last update. @param {string} root @param {Family} family @returns {RepoIndex} */
function fetched(root, family) {
  return readJson(root, LISTS[family], { serial: 0, packages: {} });
}

/** The Debian suite a published version is served from. @param {Published} p */
const suiteOf = (p) => (p.security ? 'bookworm-security' : 'bookworm');

/**
 * `apt-get update`: copies the index if it changed. Returns whether it did. With `suites` (apt's
 * configured sources), only versions served from those suites are kept: like apt, which drops the
 * lists of sources that are no longer configured.
 * @param {string} root @param {Family} family @param {string[]} [suites]
 */
function refresh(root, family, suites) {
  const now = remote(root, family);
  const had = /** @type {RepoIndex & { suites?: string[] }} */ (fetched(root, family));
  const key = suites ? [...suites].sort().join(' ') : undefined;
  if (now.serial === had.serial && (had.suites ? had.suites.join(' ') : undefined) === key && exists(root, LISTS[family])) return false;
  const packages = suites ? Object.fromEntries(Object.entries(now.packages).filter(([, p]) => suites.includes(suiteOf(p)))) : now.packages;
  writeJson(root, LISTS[family], { ...now, packages, ...(key !== undefined ? { suites: key ? key.split(' ') : [] } : {}) });
  return true;
}

/** dpkg's order of one version part (deb-version(7)): ~ before everything, letters before non-letters. */
function order(/** @type {string} */ c) {
  if (c === '~') return -1;
  if (/\d/.test(c)) return 0;
  if (!c) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** @param {string} a @param {string} b */
function verrevcmp(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let diff = 0;
    while ((i < a.length && !/\d/.test(a.charAt(i))) || (j < b.length && !/\d/.test(b.charAt(j)))) {
      const ac = order(a.charAt(i));
      const bc = order(b.charAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charAt(i) === '0') i++;
    while (b.charAt(j) === '0') j++;
    while (/\d/.test(a.charAt(i)) && /\d/.test(b.charAt(j))) {
      if (!diff) diff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (/\d/.test(a.charAt(i))) return 1;
    if (/\d/.test(b.charAt(j))) return -1;
    if (diff) return diff;
  }
  return 0;
}

/** Compares two Debian versions (epoch:upstream-revision) like `dpkg --compare-versions`. @param {string} a @param {string} b */
function compareDeb(a, b) {
  const split = (/** @type {string} */ v) => {
    const m = /^(?:(\d+):)?(.*?)(?:-([^-]*))?$/.exec(v) ?? [];
    return { epoch: Number(m[1] ?? 0), upstream: m[2] ?? v, revision: m[3] ?? '' };
  };
  const x = split(a);
  const y = split(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}

/** apk versions (1.2.3_p1-r4): compared like Debian's closely enough for -rN bumps and dotted numbers. @param {string} a @param {string} b */
function compareApk(a, b) {
  const split = (/** @type {string} */ v) => {
    const m = /^(.*?)(?:-r(\d+))?$/.exec(v) ?? [];
    return { base: m[1] ?? v, rel: Number(m[2] ?? 0) };
  };
  const x = split(a);
  const y = split(b);
  return verrevcmp(x.base.replace(/_p/g, '.'), y.base.replace(/_p/g, '.')) || x.rel - y.rel;
}

/**
 * rpmvercmp (rpm's lib/rpmvercmp.c): alphanumeric segments, digits beat letters, `~` sorts before
 * everything and `^` after the base but before anything else.
 * @param {string} a @param {string} b
 */
function rpmvercmp(a, b) {
  if (a === b) return 0;
  const alnum = (/** @type {string} */ c) => /[A-Za-z0-9]/.test(c);
  const digit = (/** @type {string} */ c) => /[0-9]/.test(c);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !alnum(a.charAt(i)) && a.charAt(i) !== '~' && a.charAt(i) !== '^') i++;
    while (j < b.length && !alnum(b.charAt(j)) && b.charAt(j) !== '~' && b.charAt(j) !== '^') j++;
    const x = a.charAt(i);
    const y = b.charAt(j);
    if (x === '~' || y === '~') {
      if (x !== '~') return 1;
      if (y !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (x === '^' || y === '^') {
      if (!x) return -1;
      if (!y) return 1;
      if (x !== '^') return 1;
      if (y !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (!x || !y) break;
    const numeric = digit(x);
    const seg = numeric ? /^[0-9]*/ : /^[A-Za-z]*/;
    const one = seg.exec(a.slice(i))?.[0] ?? '';
    const two = seg.exec(b.slice(j))?.[0] ?? '';
    if (!two) return numeric ? 1 : -1;
    i += one.length;
    j += two.length;
    const p = numeric ? one.replace(/^0+/, '') : one;
    const q = numeric ? two.replace(/^0+/, '') : two;
    if (numeric && p.length !== q.length) return p.length > q.length ? 1 : -1;
    if (p !== q) return p < q ? -1 : 1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Compares two rpm EVRs (`[epoch:]version-release`) like `rpmdev-vercmp`. @param {string} a @param {string} b */
function compareRpm(a, b) {
  const split = (/** @type {string} */ v) => {
    const m = /^(?:(\d+):)?([^-]*)(?:-(.*))?$/.exec(v) ?? [];
    return { epoch: Number(m[1] ?? 0), version: m[2] ?? v, release: m[3] ?? '' };
  };
  const x = split(a);
  const y = split(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return rpmvercmp(x.version, y.version) || rpmvercmp(x.release, y.release);
}

/** Sleep without an event loop (the shims are synchronous). @param {number} ms */
function sleep(ms) {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The lock a frontend holds while it changes the system (apt's fcntl lock on
 * /var/lib/dpkg/lock-frontend, apk's on its database). Node has no fcntl: the holder writes its
 * PID next to the lock; a holder that is gone (crashed, container restarted) does not count.
 * @param {string} root @param {string} name @param {string} tool
 * @returns {{ ok: true, release: () => void } | { ok: false, pid: number, holder: string }}
 */
function tryLock(root, name, tool) {
  const marker = at(root, `/run/lock/kiln-sim-${name}.pid`);
  fs.mkdirSync(at(root, '/run/lock'), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(marker, `${process.pid} ${tool}\n`, { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(marker, 'utf8').startsWith(`${process.pid} `)) fs.rmSync(marker, { force: true });
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { ok: true, release };
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
    }
    const [pidText = '0', holder = 'apt-get'] = (readText(marker) ?? '').trim().split(' ');
    const pid = Number(pidText);
    if (pid > 0 && alive(pid, holder)) return { ok: false, pid, holder };
    fs.rmSync(marker, { force: true });
  }
  return { ok: false, pid: 0, holder: tool };
}

/** @param {string} file */
function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The PID still runs the same program (PIDs restart from 1 in a new container namespace). @param {number} pid @param {string} tool */
function alive(pid, tool) {
  const cmdline = readText(`/proc/${pid}/cmdline`);
  return cmdline !== undefined && cmdline.includes(tool);
}

module.exports = { REPO_DIR, LISTS, remote, fetched, refresh, suiteOf, compareDeb, compareApk, compareRpm, sleep, tryLock };
