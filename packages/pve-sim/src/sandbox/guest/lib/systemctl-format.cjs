// @ts-check
'use strict';
/** Output formats of systemctl 252: status, list-units, list-unit-files, show. */
const journal = require('./journal.cjs');
const units = require('./units.cjs');
const { label, programOf } = require('./service-ops.cjs');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/** `Mon 2024-05-06 10:00:00 UTC` */
function timestamp(/** @type {number} */ ms) {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** systemd's relative time: `5s`, `3min 2s`, `1h 4min`, `2 days`. */
function ago(/** @type {number} */ ms) {
  const s = Math.max(0, Math.floor((Date.now() - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}min ${s % 60}s ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}min ago`;
  return `${Math.floor(s / 86400)} days ago`;
}

/** @param {import('./units.cjs').Unit} unit @param {import('./units.cjs').UnitState} st */
function subState(unit, st) {
  if (st.state === 'failed') return 'failed';
  if (st.state !== 'active') return 'dead';
  return unit.type === 'oneshot' ? 'exited' : 'running';
}

/**
 * @param {string} root @param {import('./units.cjs').Unit} unit @param {import('./units.cjs').ServiceState} state
 * @param {number} lines journal lines to append
 */
function status(root, unit, state, lines) {
  const st = units.stateOf(state, unit.id);
  const how = units.enablement(root, unit);
  const bullet = st.state === 'active' ? '\u25cf' : st.state === 'failed' ? '\u00d7' : '\u25cb';
  const out = [`${bullet} ${label(unit)}`];
  if (unit.masked) {
    out.push('     Loaded: masked (Reason: Unit ' + unit.id + ' is masked.)', '     Active: inactive (dead)');
    return out.join('\n');
  }
  const preset = how === 'static' ? '' : '; preset: enabled';
  out.push(`     Loaded: loaded (${unit.shownPath}; ${how}${preset})`);
  const program = programOf(unit.execStart);
  if (st.state === 'active') {
    out.push(`     Active: active (${subState(unit, st)}) since ${timestamp(st.since)}; ${ago(st.since)}`);
  } else if (st.state === 'failed') {
    out.push(`     Active: failed (Result: ${st.result ?? 'exit-code'}) since ${timestamp(st.since)}; ${ago(st.since)}`);
  } else {
    out.push('     Active: inactive (dead)');
  }
  if (unit.docs.length) out.push(`       Docs: ${unit.docs.join('\n             ')}`);
  if (st.state === 'failed') {
    out.push(`    Process: ${st.pid} ExecStart=${unit.execStart} (code=exited, status=203/EXEC)`, `   Main PID: ${st.pid} (code=exited, status=203/EXEC)`, '        CPU: 1ms');
  } else if (st.state === 'active' && unit.type === 'oneshot') {
    out.push(`    Process: ${st.pid} ExecStart=${unit.execStart} (code=exited, status=0/SUCCESS)`, `   Main PID: ${st.pid} (code=exited, status=0/SUCCESS)`, '        CPU: 2ms');
  } else if (st.state === 'active') {
    const comm = program.split('/').pop() ?? unit.id;
    out.push(
      `   Main PID: ${st.pid} (${comm.slice(0, 15)})`,
      '      Tasks: 1 (limit: 4915)',
      '     Memory: 2.1M',
      '        CPU: 18ms',
      `     CGroup: /system.slice/${unit.id}`,
      `             \u2514\u2500${st.pid} ${unit.execStart}`,
    );
  }
  const entries = journal
    .readAll(root)
    .filter((e) => e.unit === unit.id)
    .slice(-lines);
  if (lines > 0 && entries.length) out.push('', ...entries.map((e) => journal.format(e, 'short')));
  return out.join('\n');
}

/** Left-aligned columns separated by one space, like systemctl's tables. @param {string[][]} rows */
function table(rows) {
  const widths = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join(' ')
      .trimEnd(),
  );
}

/**
 * @param {string} root @param {import('./units.cjs').ServiceState} state
 * @param {{ all: boolean, plain: boolean, legend: boolean, states: string[], patterns: RegExp[] }} opts
 */
function listUnits(root, state, opts) {
  const rows = [];
  for (const unit of units.listUnits(root)) {
    const st = units.stateOf(state, unit.id);
    const sub = subState(unit, st);
    if (!opts.all && st.state === 'inactive') continue;
    if (opts.states.length && !opts.states.includes(st.state) && !opts.states.includes(sub)) continue;
    if (opts.patterns.length && !opts.patterns.some((p) => p.test(unit.id))) continue;
    const mark = opts.plain ? [] : [st.state === 'failed' ? '\u25cf' : ' '];
    rows.push([...mark, unit.id, unit.masked ? 'masked' : 'loaded', st.state, sub, unit.description]);
  }
  if (!opts.legend) return table(rows).join('\n');
  const header = [...(opts.plain ? [] : [' ']), 'UNIT', 'LOAD', 'ACTIVE', 'SUB', 'DESCRIPTION'];
  return [
    ...table([header, ...rows]),
    '',
    'LOAD   = Reflects whether the unit definition was properly loaded.',
    'ACTIVE = The high-level unit activation state, i.e. generalization of SUB.',
    'SUB    = The low-level unit activation state, values depend on unit type.',
    `${rows.length} loaded units listed.${opts.all ? '' : ' Pass --all to see loaded but inactive units, too.'}`,
  ].join('\n');
}

/** @param {string} root @param {{ legend: boolean, states: string[], patterns: RegExp[] }} opts */
function listUnitFiles(root, opts) {
  const rows = [];
  for (const unit of units.listUnits(root)) {
    const how = units.enablement(root, unit);
    if (opts.states.length && !opts.states.includes(how)) continue;
    if (opts.patterns.length && !opts.patterns.some((p) => p.test(unit.id))) continue;
    rows.push([unit.id, how, how === 'static' ? '-' : 'enabled']);
  }
  if (!opts.legend) return table(rows).join('\n');
  return [...table([['UNIT FILE', 'STATE', 'PRESET'], ...rows]), '', `${rows.length} unit files listed.`].join('\n');
}

/**
 * @param {string} root @param {string} id @param {import('./units.cjs').Unit | undefined} unit
 * @param {import('./units.cjs').ServiceState} state
 * @returns {Record<string, string>}
 */
function properties(root, id, unit, state) {
  if (!unit) {
    return { Id: id, Names: id, Description: id, LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', UnitFileState: '', MainPID: '0', Result: 'success', FragmentPath: '' };
  }
  const st = units.stateOf(state, unit.id);
  return {
    Type: unit.type,
    Restart: 'no',
    MainPID: String(st.state === 'active' && unit.type !== 'oneshot' ? st.pid : 0),
    ExecMainPID: String(st.pid),
    Result: st.result ?? 'success',
    Id: unit.id,
    Names: [unit.id, ...unit.alias].join(' '),
    Description: unit.description || unit.id,
    LoadState: unit.masked ? 'masked' : 'loaded',
    ActiveState: st.state,
    SubState: subState(unit, st),
    FragmentPath: unit.shownPath,
    UnitFileState: units.enablement(root, unit),
    UnitFilePreset: 'enabled',
    ActiveEnterTimestamp: st.state === 'active' ? timestamp(st.since) : '',
    CanStart: 'yes',
    CanStop: 'yes',
    CanReload: 'yes',
  };
}

module.exports = { status, listUnits, listUnitFiles, properties, subState };
