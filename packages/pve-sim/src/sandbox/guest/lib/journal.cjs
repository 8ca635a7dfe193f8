// @ts-check
'use strict';
/**
 * A tiny journal: the shims append one JSON line per message and `journalctl` renders them in
 * journald's output formats. Timestamps are UTC, like the container's /etc/localtime.
 */
const os = require('node:os');
const { appendText, readText } = require('./fsutil.cjs');

const JOURNAL_FILE = '/var/lib/kiln-sim/journal.jsonl';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** @typedef {{ t: number, host: string, ident: string, pid: number, unit?: string, msg: string }} Entry */

/**
 * @param {string} root
 * @param {{ ident: string, pid: number, unit?: string, host?: string, t?: number }} from
 * @param {string[]} messages
 */
function log(root, from, ...messages) {
  const t = from.t ?? Date.now();
  const host = from.host ?? os.hostname();
  const lines = messages.map((msg) => JSON.stringify({ t, host, ident: from.ident, pid: from.pid, unit: from.unit, msg }));
  appendText(root, JOURNAL_FILE, `${lines.join('\n')}\n`);
}

/** @param {string} text @returns {Entry[]} */
function parse(text) {
  /** @type {Entry[]} */
  const out = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // A line cut by a concurrent writer: skip it rather than fail the whole read.
    }
  }
  return out;
}

/** @param {string} root */
function readAll(root) {
  return parse(readText(root, JOURNAL_FILE) ?? '');
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/** @param {Entry} e @param {'short' | 'short-iso' | 'cat'} format */
function format(e, format) {
  if (format === 'cat') return e.msg;
  const d = new Date(e.t);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const stamp = format === 'short-iso' ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${time}+00:00` : `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${time}`;
  return `${stamp} ${e.host} ${e.ident}[${e.pid}]: ${e.msg}`;
}

module.exports = { log, parse, readAll, format, JOURNAL_FILE };
