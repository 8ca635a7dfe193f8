// @ts-check
'use strict';
/**
 * File helpers for the guest shims. Every path is container-absolute and resolved against
 * `root`: inside the sandbox root is '/', while the host side passes the rootfs directory to
 * seed a fresh container (nothing the container controls exists yet at that point).
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * Host path of a container path. From the host, the container's /usr/local lives in the rootfs's
 * private area (see sandbox/layout.ts), because /usr itself is the host's /usr mounted read-only.
 * @param {string} root @param {string} p container-absolute path
 */
function at(root, p) {
  if (root === '/') return p;
  if (p === '/usr/local' || p.startsWith('/usr/local/')) return path.join(root, 'dev/.kiln-sim/usr-local', p.slice('/usr/local'.length));
  return path.join(root, p);
}

/** @param {string} root @param {string} p */
function readText(root, p) {
  try {
    return fs.readFileSync(at(root, p), 'utf8');
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** @template T @param {string} root @param {string} p @param {T} fallback @returns {T} */
function readJson(root, p, fallback) {
  const text = readText(root, p);
  if (text === undefined || text.trim() === '') return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** Write via a temp file + rename so a concurrent reader never sees half a file. */
function writeText(root, p, text, mode = 0o644) {
  const file = at(root, p);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.kiln-tmp-${process.pid}-${Date.now()}`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

/** @param {string} root @param {string} p @param {unknown} value */
function writeJson(root, p, value) {
  writeText(root, p, `${JSON.stringify(value, null, 1)}\n`);
}

/** @param {string} root @param {string} p @param {string} text */
function appendText(root, p, text) {
  const file = at(root, p);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, text);
}

/** @param {string} root @param {string} p */
function exists(root, p) {
  try {
    fs.lstatSync(at(root, p));
    return true;
  } catch {
    return false;
  }
}

/** @param {string} root @param {string} p */
function remove(root, p) {
  fs.rmSync(at(root, p), { force: true, recursive: true });
}

/** @param {string} root @param {string} p */
function listDir(root, p) {
  try {
    return fs.readdirSync(at(root, p));
  } catch {
    return [];
  }
}

/** @param {string} root @param {string} target @param {string} p */
function symlink(root, target, p) {
  const file = at(root, p);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  fs.symlinkSync(target, file);
}

module.exports = { at, readText, readJson, writeText, writeJson, appendText, exists, remove, listDir, symlink };
