// @ts-check
'use strict';
/**
 * What dnf prints about packages: check-update and list rows, updateinfo advisories, the
 * transaction table before the question and the summary after it, in dnf 4's and dnf5's layouts.
 */
const db = require('./rpm-db.cjs');
const meta = require('./dnf-repo.cjs');
const fmt = require('./dnf-format.cjs');

/**
 * @typedef {{ quiet: boolean, yes: boolean, no: boolean, cacheonly: boolean, refresh: boolean, security: boolean, args: string[], bad?: string }} Opts
 * @typedef {{ out: (s: string) => void, err: (s: string) => void, root?: string }} Io
 * @typedef {{ root: string, distro: import('./rpm-db.cjs').Distro, flavor: 4 | 5, o: Opts, io: Io, out: (s: string) => void }} Ctx
 */

/** Pending upgrades, only those with a security advisory with --security. @param {Ctx} c */
function upgrades(c) {
  const all = meta.pending(c.root, c.distro);
  return { all, chosen: c.o.security ? all.filter((p) => p.next.security) : all };
}

/** `dnf check-update`: name.arch, EVR, repository; exit 100 when there is anything. @param {Ctx} c */
function checkUpdate(c) {
  const { chosen, all } = upgrades(c);
  if (!chosen.length) {
    if (c.o.security && all.length) c.io.out(`No security updates needed, but ${all.length} update${all.length === 1 ? '' : 's'} available`);
    return 0;
  }
  const rows = chosen.map((p) => [`${p.name}.${p.arch}`, p.evr, p.repo]);
  if (c.flavor === 5) {
    for (const line of fmt.scolsTable(rows)) c.io.out(line);
    c.io.out('');
  } else {
    /** @type {Record<number, number>[]} */
    const data = [{}, {}, {}];
    for (const r of rows) r.forEach((cell, i) => void ((data[i] ??= {})[cell.length] = (data[i]?.[cell.length] ?? 0) + 1));
    const [na = 40, ver = 22, rid = 16] = fmt.calcColumns(data, { remainder: 1 });
    c.io.out('');
    for (const r of rows)
      c.io.out(
        fmt.fmtColumns([
          [r[0] ?? '', -na],
          [r[1] ?? '', -ver],
          [r[2] ?? '', -rid],
        ]),
      );
  }
  return 100;
}

/** `dnf updateinfo list [--security|sec]` (dnf5: `advisory list`). @param {Ctx} c @param {string[]} rest */
function updateinfo(c, rest) {
  const [action = 'summary', ...specs] = rest;
  const security = c.o.security || specs.some((s) => s === 'sec' || s === 'security');
  const advisories = meta.advisories(meta.pending(c.root, c.distro), c.distro).filter((a) => !security || a.type === 'security');
  if (action === 'summary') {
    if (!advisories.length) return 0;
    const sec = advisories.filter((a) => a.type === 'security').length;
    c.out(c.flavor === 5 ? 'Available advisory information summary:' : 'Updates Information Summary: available');
    if (sec) c.out(c.flavor === 5 ? `Security    ${sec}` : `    ${sec} Security notice(s)\n        ${sec} Important Security notice(s)`);
    const bug = advisories.length - sec;
    if (bug) c.out(c.flavor === 5 ? `Bugfix      ${bug}` : `    ${bug} Bugfix notice(s)`);
    return 0;
  }
  if (action !== 'list') {
    c.io.err(c.flavor === 5 ? `Unknown argument "${action}" for command "advisory".` : `Error: invalid choice: ${action}`);
    return c.flavor === 5 ? 2 : 1;
  }
  const nevra = (/** @type {import('./dnf-repo.cjs').Advisory} */ a) => db.nevra(a.pkg.name, a.pkg.evr, a.pkg.arch);
  if (c.flavor === 5) {
    const rows = [...advisories].sort((a, b) => a.id.localeCompare(b.id)).map((a) => [a.id, a.type, a.severity, nevra(a), '2025-05-01 00:00:00']);
    if (rows.length) for (const line of fmt.scolsTable(rows, { header: ['Name', 'Type', 'Severity', 'Package', 'Issued'], right: [3, 4] })) c.io.out(line);
    return 0;
  }
  const label = (/** @type {import('./dnf-repo.cjs').Advisory} */ a) => (a.type === 'security' ? `${a.severity}/Sec.` : 'bugfix');
  const sorted = [...advisories].sort((a, b) => nevra(a).localeCompare(nevra(b)));
  const idw = Math.max(0, ...sorted.map((a) => a.id.length));
  const tlw = Math.max(0, ...sorted.map((a) => label(a).length));
  for (const a of sorted) c.io.out(`${a.id.padEnd(idw)} ${label(a).padEnd(tlw)} ${nevra(a)}`);
  return 0;
}

/** `dnf list --installed|--upgrades`. @param {Ctx} c @param {string[]} flags */
function list(c, flags) {
  const rows = [];
  if (!flags.includes('--upgrades') && !flags.includes('--updates')) {
    for (const [name, p] of Object.entries(db.readDb(c.root, c.distro)).sort(([a], [b]) => a.localeCompare(b)))
      rows.push([`${name}.${p.arch}`, p.evr.replace(/^0:/, ''), c.flavor === 5 ? p.repo : `@${p.repo}`]);
    c.io.out(c.flavor === 5 ? 'Installed packages' : 'Installed Packages');
  } else {
    for (const p of upgrades(c).chosen) rows.push([`${p.name}.${p.arch}`, p.evr, p.repo]);
    if (!rows.length) {
      if (c.flavor === 4) c.io.err('Error: No matching Packages to list');
      else c.io.err('No matching packages to list');
      return 1;
    }
    c.io.out(c.flavor === 5 ? 'Available upgrades' : 'Available Upgrades');
  }
  for (const line of fmt.scolsTable(rows)) c.io.out(line);
  return 0;
}

/** The package table before the question. @param {Ctx} c @param {{ install: import('./dnf-transaction.cjs').Step[], upgrade: import('./dnf-transaction.cjs').Step[], remove: import('./dnf-transaction.cjs').Step[] }} t */
function showTransaction(c, t) {
  const { out, flavor, distro } = c;
  const size = (/** @type {import('./dnf-transaction.cjs').Step} */ s) => s.def?.size ?? 100;
  const repoOf = (/** @type {import('./dnf-transaction.cjs').Step} */ s) => (s.next ? (distro === 'fedora' ? 'updates' : (s.def?.repo.rocky ?? 'baseos')) : (s.def?.repo[distro] ?? 'fedora'));
  const sections = /** @type {[string, import('./dnf-transaction.cjs').Step[]][]} */ ([
    ['Installing:', t.install],
    ['Upgrading:', t.upgrade],
    ['Removing:', t.remove],
  ]).filter(([, l]) => l.length);
  if (flavor === 4) {
    out('Dependencies resolved.');
    const rows = sections.flatMap(([, l]) => l.map((s) => [s.name, s.arch, s.evr, repoOf(s), fmt.size4(size(s))]));
    /** @type {Record<number, number>[]} */
    const data = [{}, {}, {}, {}, {}];
    for (const r of [['Package', 'Architecture', 'Version', 'Repository', 'Size'], ...rows]) r.forEach((cell, i) => void ((data[i] ??= {})[cell.length] = (data[i]?.[cell.length] ?? 0) + 1));
    const w = fmt.calcColumns(data, { indent: '  ', remainder: 2 });
    const row = (/** @type {string[]} */ r) =>
      fmt.fmtColumns(
        r.map((cell, i) => /** @type {[string, number]} */ ([cell, i === 4 ? (w[i] ?? 5) : -(w[i] ?? 10)])),
        ' ',
      );
    const rule = '='.repeat(fmt.TERM_WIDTH);
    out(`${rule}\n${row(['Package', 'Architecture', 'Version', 'Repository', 'Size'])}\n${rule}`);
    for (const [title, l] of sections) {
      out(title);
      for (const s of l) out(row([s.name, s.arch, s.evr, repoOf(s), fmt.size4(size(s))]));
    }
    out(`\nTransaction Summary\n${rule}`);
    if (t.install.length) out(`Install  ${t.install.length} Package${t.install.length === 1 ? '' : 's'}`);
    if (t.upgrade.length) out(`Upgrade  ${t.upgrade.length} Package${t.upgrade.length === 1 ? '' : 's'}`);
    if (t.remove.length) out(`Remove  ${t.remove.length} Package${t.remove.length === 1 ? '' : 's'}`);
    const down = [...t.install, ...t.upgrade].reduce((sum, s) => sum + size(s) / 3, 0);
    out('');
    if (down) out(`Total download size: ${fmt.size4(down)}`);
    return;
  }
  const rows = [];
  for (const [title, l] of sections) {
    rows.push([title, '', '', '', '']);
    for (const s of l) {
      rows.push([` ${s.name}`, s.arch, s.evr, repoOf(s), fmt.size5(size(s))]);
      if (s.from) rows.push([`   replacing ${s.name}`, s.arch, s.from, repoOf(s), fmt.size5(size(s))]);
    }
  }
  for (const line of fmt.scolsTable(rows, { header: ['Package', 'Arch', 'Version', 'Repository', 'Size'], right: [4] })) out(line.trimEnd());
  out('\nTransaction Summary:');
  if (t.install.length) out(` Installing:${String(t.install.length).padStart(10)} package${t.install.length === 1 ? '' : 's'}`);
  if (t.upgrade.length)
    out(
      ` Upgrading:${String(t.upgrade.length).padStart(11)} package${t.upgrade.length === 1 ? '' : 's'}\n Replacing:${String(t.upgrade.length).padStart(11)} package${t.upgrade.length === 1 ? '' : 's'}`,
    );
  if (t.remove.length) out(` Removing:${String(t.remove.length).padStart(12)} package${t.remove.length === 1 ? '' : 's'}`);
  out('');
}

/** The end of the transaction: dnf 4 lists what changed (and what failed), dnf5 says Complete! or why not. @param {Ctx} c @param {{ install: import('./dnf-transaction.cjs').Step[], upgrade: import('./dnf-transaction.cjs').Step[], remove: import('./dnf-transaction.cjs').Step[] }} t @param {string[]} failed */
function finish(c, t, failed) {
  const { out, io, flavor } = c;
  const ok = t.upgrade.filter((s) => !failed.includes(s.name));
  if (flavor === 4) {
    const line = (/** @type {import('./dnf-transaction.cjs').Step} */ s, evr = s.evr) => `  ${db.nevra(s.name, evr, s.arch)}`;
    if (ok.length) out(`\nUpgraded:\n${ok.map((s) => line(s)).join('\n')}`);
    if (t.install.length) out(`\nInstalled:\n${t.install.map((s) => line(s)).join('\n')}`);
    if (t.remove.length) out(`\nRemoved:\n${t.remove.map((s) => line(s)).join('\n')}`);
    if (failed.length) {
      const bad = t.upgrade.filter((s) => failed.includes(s.name));
      io.out(`\nFailed:\n${bad.map((s) => `${line(s)} ${line(s, s.from).trim()}`).join('\n')}\n`);
      io.err('Error: Transaction failed');
      return 1;
    }
    out('\nComplete!');
    return 0;
  }
  if (failed.length) {
    io.err('Transaction failed: Rpm transaction failed.');
    return 1;
  }
  out('Complete!');
  return 0;
}

module.exports = { upgrades, checkUpdate, updateinfo, list, showTransaction, finish };
