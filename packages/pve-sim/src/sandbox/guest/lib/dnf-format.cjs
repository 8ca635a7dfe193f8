// @ts-check
'use strict';
/**
 * How dnf lays out its tables when stdout is not a terminal (80 columns): dnf 4's calcColumns /
 * fmtColumns (dnf/cli/output.py) and dnf5's libsmartcols tables (columns as wide as their widest
 * cell, one space between them).
 */

const TERM_WIDTH = 80;

/**
 * dnf 4's Output.calcColumns: gives each column the width that fits the most rows, spending the
 * line's spare width where it helps most, the rest to `remainder`.
 * @param {Record<number, number>[]} data per column: cell length -> number of rows
 * @param {{ remainder?: number, indent?: string, total?: number, columns?: number[] }} [opts]
 */
function calcColumns(data, opts = {}) {
  let cols = data.length;
  const sorted = data.map((d) =>
    Object.entries(d)
      .map(([k, v]) => [Number(k), v])
      .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
  );
  const columns = opts.columns ? [...opts.columns] : [...Array(cols - 1).fill(1), 0];
  let total = (opts.total ?? TERM_WIDTH) - (columns.reduce((s, c) => s + c, 0) + (cols - 1) + (opts.indent ?? '').length);
  if (!columns[cols - 1]) total += 1;
  const helpsFor = (/** @type {number} */ current, /** @type {number[][]} */ tups, /** @type {number} */ left) => {
    let ret = 0;
    for (const [len = 0, n = 0] of tups) {
      if (left < len - current) break;
      ret += n;
    }
    return ret;
  };
  while (total > 0) {
    let helps = 0;
    let val = 0;
    for (let d = 0; d < cols; d++) {
      const thelps = helpsFor(columns[d] ?? 0, sorted[d] ?? [], total);
      if (!thelps) continue;
      if (helps && d === cols - 1 && thelps / 2 < helps) continue;
      if (thelps < helps) continue;
      helps = thelps;
      val = d;
    }
    if (helps) {
      const diff = (sorted[val]?.shift()?.[0] ?? 0) - (columns[val] ?? 0);
      if (!columns[val] && val === cols - 1) total -= 1;
      columns[val] = (columns[val] ?? 0) + diff;
      total -= diff;
      continue;
    }
    const overflowed = sorted.filter((d) => d.length).length;
    if (overflowed) {
      const norm = Math.floor(total / overflowed);
      for (let d = 0; d < cols; d++) {
        if (!sorted[d]?.length) continue;
        columns[d] = (columns[d] ?? 0) + norm;
        total -= norm;
      }
    }
    cols -= 1;
    const norm = Math.floor(total / cols);
    for (let d = 0; d < cols; d++) columns[d] = (columns[d] ?? 0) + norm;
    const rem = opts.remainder ?? 0;
    columns[rem] = (columns[rem] ?? 0) + total - cols * norm;
    total = 0;
  }
  return columns;
}

/**
 * dnf 4's fmtColumns: each cell padded to its width (negative: left aligned); a cell wider than its
 * column pushes the rest of the row onto the next line, indented to where it continues.
 * @param {[string, number][]} cells @param {string} [msg] @param {string} [end]
 */
function fmtColumns(cells, msg = '', end = '') {
  let out = msg;
  let used = msg.length;
  for (const [val, w] of cells.slice(0, -1)) {
    const width = Math.abs(w);
    if (val.length <= width) out += `${w < 0 ? val.padEnd(width) : val.padStart(width)} `;
    else out += `${val}\n${' '.repeat(used + width + 1)}`;
    used += width + 1;
  }
  const [val = '', w = 0] = cells[cells.length - 1] ?? [];
  const width = Math.abs(w);
  return `${out}${w < 0 ? val.padEnd(width) : val.padStart(width)}${end}`;
}

/**
 * A libsmartcols table as dnf5 prints it to a pipe: columns as wide as their widest cell, one space
 * apart; `right` columns aligned right; the last column not padded unless right-aligned.
 * @param {string[][]} rows @param {{ header?: string[], right?: number[] }} [opts]
 */
function scolsTable(rows, opts = {}) {
  const all = opts.header ? [opts.header, ...rows] : rows;
  const n = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, c) => Math.max(0, ...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) =>
    r
      .map((cell, c) => {
        if (opts.right?.includes(c)) return cell.padStart(widths[c] ?? 0);
        return c === n - 1 ? cell : cell.padEnd(widths[c] ?? 0);
      })
      .join(' '),
  );
}

/** dnf's human sizes: `36 k`, `1.2 M` (dnf 4 format_number) and `1.2 MiB` (dnf5). @param {number} kib */
function size4(kib) {
  if (kib < 1000) return `${Math.max(1, Math.round(kib))} k`;
  return `${(kib / 1024).toFixed(1)} M`;
}
/** @param {number} kib */
function size5(kib) {
  if (kib < 1024) return `${kib.toFixed(1)} KiB`;
  return `${(kib / 1024).toFixed(1)} MiB`;
}

module.exports = { TERM_WIDTH, calcColumns, fmtColumns, scolsTable, size4, size5 };
