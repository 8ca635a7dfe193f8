// @ts-check
'use strict';
/** `journalctl [-u unit]... [-t ident] [-n N] [-f] [-o short|short-iso|cat] [--no-pager]` over the shim journal. */
const fs = require('node:fs');
const journal = require('./journal.cjs');
const { at } = require('./fsutil.cjs');
const { normalizeName } = require('./units.cjs');

const FLAGS = new Set(['--no-pager', '-q', '--quiet', '-x', '--catalog', '-e', '--pager-end', '-b', '--boot', '--no-hostname', '-a', '--all', '--utc']);

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ units: string[], idents: string[], lines?: number, follow: boolean, output: string, quiet: boolean, noHostname: boolean, bad?: string }} */
  const o = { units: [], idents: [], follow: false, output: 'short', quiet: false, noHostname: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const long = a.startsWith('--');
    const eq = long ? a.indexOf('=') : -1;
    const key = long ? (eq > 0 ? a.slice(0, eq) : a) : a.slice(0, 2);
    const value = () => (long ? (eq > 0 ? a.slice(eq + 1) : argv[++i]) : a.length > 2 ? a.slice(2) : argv[++i]);
    if (key === '-u' || key === '--unit') o.units.push(normalizeName(value() ?? ''));
    else if (key === '-t' || key === '--identifier') o.idents.push(value() ?? '');
    else if (key === '-n' || key === '--lines') {
      const v = value() ?? '';
      if (!/^\+?\d+$/.test(v) && v !== 'all') return { ...o, bad: `Failed to parse lines '${v}'` };
      o.lines = v === 'all' ? undefined : Number(v.replace('+', ''));
    } else if (key === '-o' || key === '--output') {
      const v = value() ?? '';
      if (!['short', 'short-iso', 'cat'].includes(v)) return { ...o, bad: `Unknown output format '${v}'.` };
      o.output = v;
    } else if (a === '-f' || a === '--follow') o.follow = true;
    else if (a === '-q' || a === '--quiet') o.quiet = true;
    else if (a === '--no-hostname') o.noHostname = true;
    else if (FLAGS.has(a)) continue;
    else if (a.startsWith('-')) return { ...o, bad: long ? `unrecognized option '${a}'` : `invalid option -- '${a.slice(1, 2)}'` };
    else return { ...o, bad: `Failed to add match '${a}': Invalid argument` };
  }
  return o;
}

/**
 * @param {string[]} argv
 * @param {{ out: (s: string) => void, err: (s: string) => void, root?: string }} io
 * @returns {number | Promise<number>}
 */
function main(argv, io) {
  const root = io.root ?? '/';
  const o = parseArgs(argv);
  if (o.bad) {
    io.err(`journalctl: ${o.bad}`);
    return 1;
  }
  const match = (/** @type {journal.Entry} */ e) => (!o.units.length || (e.unit !== undefined && o.units.includes(e.unit))) && (!o.idents.length || o.idents.includes(e.ident));
  const render = (/** @type {journal.Entry} */ e) => {
    const line = journal.format(e, /** @type {'short' | 'short-iso' | 'cat'} */ (o.output));
    return o.noHostname ? line.replace(` ${e.host} `, ' ') : line;
  };
  const file = at(root, journal.JOURNAL_FILE);
  let offset = 0;
  try {
    offset = fs.statSync(file).size;
  } catch {
    offset = 0;
  }
  const entries = journal.readAll(root).filter(match);
  const limit = o.lines ?? (o.follow ? 10 : undefined);
  const shown = limit === undefined ? entries : limit === 0 ? [] : entries.slice(-limit);
  if (shown.length) io.out(shown.map(render).join('\n'));
  else if (!o.quiet && !o.follow) io.out('-- No entries --');
  if (!o.follow) return 0;
  // Follow: poll for appended lines until the session ends (the channel closing kills us).
  return new Promise(() => {
    let partial = '';
    setInterval(() => {
      let size;
      try {
        size = fs.statSync(file).size;
      } catch {
        return;
      }
      if (size <= offset) return;
      const fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      fs.closeSync(fd);
      offset = size;
      const text = partial + buf.toString('utf8');
      const cut = text.lastIndexOf('\n');
      partial = text.slice(cut + 1);
      const fresh = journal.parse(text.slice(0, cut + 1)).filter(match);
      if (fresh.length) io.out(fresh.map(render).join('\n'));
    }, 200);
  });
}

module.exports = { main };
