// @ts-check
'use strict';
/**
 * Service state transitions as PID 1 would perform them, with the journal lines systemd 252
 * writes. A start fails like systemd (status=203/EXEC) when ExecStart's program is missing,
 * so a template that forgot to install its binary fails here as it would on a real node.
 *
 * Inside a container (root '/') a unit someone wrote (an install script's own unit) really runs:
 * ExecStart is started as a daemon in the container (see daemon.cjs), `stop` kills it, and a
 * daemon that died shows as failed. Units shipped by the simulated packages (nginx, redis, ...)
 * have only stand-in binaries, and on the host (seeding, record-only mode, unit tests) nothing
 * may ever run: those transitions are recorded only.
 */
const fs = require('node:fs');
const path = require('node:path');
const journal = require('./journal.cjs');
const daemon = require('./daemon.cjs');
const { exists } = require('./fsutil.cjs');
const units = require('./units.cjs');

const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** @param {import('./units.cjs').Unit} unit */
function label(unit) {
  return unit.description ? `${unit.id} - ${unit.description}` : unit.id;
}

/** The program ExecStart runs, without systemd's prefix characters (-@:+!). @param {string} execStart */
function programOf(execStart) {
  return execStart.replace(/^[-@:+!]+/, '').split(/\s+/)[0] ?? '';
}

/**
 * Whether the program a unit runs exists in the container. /usr (and /bin, /sbin, /lib, which
 * point into it) is the host's /usr in every container, so those are checked on the real path;
 * that also holds when the host seeds a rootfs whose /usr is still an empty mount point.
 * @param {string} root @param {string} program
 */
function programExists(root, program) {
  if (!program) return false;
  const virtual = units.virtualBins(root);
  const candidates = program.startsWith('/') ? [program] : SEARCH_PATH.map((d) => `${d}/${program}`);
  return candidates.some((p) => {
    if (virtual.has(p)) return true;
    const inUsr = p.replace(/^\/(bin|sbin|lib|lib64)\//, '/usr/$1/');
    if (inUsr.startsWith('/usr/') && !inUsr.startsWith('/usr/local/')) return fs.existsSync(inUsr);
    return exists(root, p);
  });
}

/**
 * @param {string} root @param {import('./units.cjs').Unit} unit @param {import('./units.cjs').ServiceState} state
 * @param {{ host?: string }} [opts]
 * @returns {{ ok: true } | { ok: false }}
 */
function start(root, unit, state, opts = {}) {
  const current = units.stateOf(state, unit.id);
  if (current.state === 'active') return { ok: true };
  const sys = { ident: 'systemd', pid: 1, unit: unit.id, host: opts.host };
  const pid = state.nextPid++;
  journal.log(root, sys, `Starting ${label(unit)}...`);
  const program = programOf(unit.execStart);
  // Units shipped by simulated packages point at binaries that only exist as stand-ins: trust them.
  const packaged = unit.path.startsWith(units.PACKAGE_UNIT_DIR);
  if (!packaged && !programExists(root, program)) {
    const ident = `(${path.basename(program).slice(0, 15)})`;
    journal.log(
      root,
      { ident, pid, unit: unit.id, host: opts.host },
      `${unit.id}: Failed to locate executable ${program}: No such file or directory`,
      `${unit.id}: Failed at step EXEC spawning ${program}: No such file or directory`,
    );
    journal.log(root, sys, `${unit.id}: Main process exited, code=exited, status=203/EXEC`, `${unit.id}: Failed with result 'exit-code'.`, `Failed to start ${label(unit)}.`);
    state.units[unit.id] = { state: 'failed', since: Date.now(), pid, result: 'exit-code' };
    return { ok: false };
  }
  const oneshot = unit.type === 'oneshot';
  if (!packaged && runsPrograms(root) && !units.virtualBins(root).has(program)) return startReal(root, unit, state, sys);
  journal.log(root, sys, oneshot ? `Finished ${label(unit)}.` : `Started ${label(unit)}.`);
  state.units[unit.id] = { state: oneshot && !unit.remainAfterExit ? 'inactive' : 'active', since: Date.now(), pid };
  return { ok: true };
}

/** Inside the container the shim's root is '/'; on the host it edits a tree and must never run a program. */
const runsPrograms = (/** @type {string} */ root) => root === '/';

/**
 * @param {string} root @param {import('./units.cjs').Unit} unit @param {import('./units.cjs').ServiceState} state
 * @param {{ ident: string, pid: number, unit: string, host?: string }} sys
 * @returns {{ ok: boolean }}
 */
function startReal(root, unit, state, sys) {
  const oneshot = unit.type === 'oneshot';
  const res = daemon.start(unit, { wait: oneshot || unit.type === 'forking' });
  if (res.code !== 0) {
    const why = res.signal ? `code=killed, status=${res.signal}` : `code=exited, status=${res.code}/FAILURE`;
    journal.log(root, sys, `${unit.id}: Main process exited, ${why}`, `${unit.id}: Failed with result '${res.signal ? 'signal' : 'exit-code'}'.`, `Failed to start ${label(unit)}.`);
    state.units[unit.id] = { state: 'failed', since: Date.now(), pid: res.pid, result: res.signal ? 'signal' : 'exit-code' };
    return { ok: false };
  }
  journal.log(root, sys, oneshot ? `Finished ${label(unit)}.` : `Started ${label(unit)}.`);
  const running = !oneshot && unit.type !== 'forking';
  state.units[unit.id] = { state: oneshot && !unit.remainAfterExit ? 'inactive' : 'active', since: Date.now(), pid: res.pid, ...(running ? { real: true, ns: res.ns } : {}) };
  return { ok: true };
}

/**
 * A really running daemon that died is failed now (systemd would have noticed at once).
 * Called before any state is shown or changed. @param {string} root @param {import('./units.cjs').ServiceState} state
 */
function refresh(root, state) {
  if (!runsPrograms(root)) return;
  for (const [id, st] of Object.entries(state.units)) {
    if (st.state !== 'active' || !st.real || daemon.alive(st.pid, st.ns)) continue;
    journal.log(root, { ident: 'systemd', pid: 1, unit: id }, `${id}: Main process exited, code=exited, status=1/FAILURE`, `${id}: Failed with result 'exit-code'.`);
    state.units[id] = { state: 'failed', since: Date.now(), pid: st.pid, result: 'exit-code' };
  }
}

/** @param {string} root @param {import('./units.cjs').Unit} unit @param {import('./units.cjs').ServiceState} state @param {{ host?: string }} [opts] */
function stop(root, unit, state, opts = {}) {
  const current = units.stateOf(state, unit.id);
  if (current.state !== 'active') return;
  const sys = { ident: 'systemd', pid: 1, unit: unit.id, host: opts.host };
  journal.log(root, sys, `Stopping ${label(unit)}...`);
  if (current.real && runsPrograms(root)) daemon.stop(current.pid, current.ns);
  journal.log(root, sys, `${unit.id}: Deactivated successfully.`, `Stopped ${label(unit)}.`);
  state.units[unit.id] = { state: 'inactive', since: Date.now(), pid: 0 };
}

/** @param {string} root @param {import('./units.cjs').Unit} unit @param {import('./units.cjs').ServiceState} state */
function reload(root, unit, state) {
  const sys = { ident: 'systemd', pid: 1, unit: unit.id };
  journal.log(root, sys, `Reloading ${label(unit)}...`, `Reloaded ${label(unit)}.`);
  void state;
}

/** Container start: enabled and static system units come up, everything else is down. @param {string} root @param {{ host?: string }} [opts] */
function boot(root, opts = {}) {
  const state = units.readState(root);
  // After a restart (a new PID namespace) no daemon of the earlier run is alive: start them again.
  for (const st of Object.values(state.units)) if (st.real && !daemon.alive(st.pid, st.ns)) Object.assign(st, { state: 'inactive', pid: 0, real: false });
  // Idempotent: a unit already up stays up (no duplicate journal lines); failures are forgotten.
  for (const st of Object.values(state.units)) if (st.state === 'failed') st.state = 'inactive';
  for (const unit of units.listUnits(root)) {
    const how = units.enablement(root, unit);
    const isSystemUnit = how === 'static' && unit.path.startsWith(units.PACKAGE_UNIT_DIR);
    if (how === 'enabled' || isSystemUnit) start(root, unit, state, opts);
  }
  units.writeState(root, state);
}

/** Container stop: every active unit goes down. @param {string} root */
function shutdown(root) {
  const state = units.readState(root);
  for (const unit of units.listUnits(root)) stop(root, unit, state);
  units.writeState(root, state);
}

module.exports = { start, stop, reload, boot, shutdown, refresh, label, programOf };
