// @ts-check
'use strict';
/** `systemctl` for the simulated container: the verbs provisioning scripts use, with systemd 252's texts and exit codes. */
const units = require('./units.cjs');
const ops = require('./service-ops.cjs');
const fmt = require('./systemctl-format.cjs');

const NO_INSTALL_HINT = `The unit files have no installation config (WantedBy=, RequiredBy=, Also=,
Alias= settings in the [Install] section, and DefaultInstance= for template
units). This means they are not meant to be enabled or disabled using systemctl.
 
Possible reasons for having this kind of units are:
\u2022 A unit may be statically enabled by being symlinked from another unit's
  .wants/ or .requires/ directory.
\u2022 A unit's purpose may be to act as a helper for some other unit which has
  a requirement dependency on it.
\u2022 A unit may be started when needed via activation (socket, path, timer,
  D-Bus, udev, scripted systemctl call, ...).
\u2022 In case of template units, the unit is meant to be enabled with some
  instance name specified.`;

const FLAGS = new Set([
  '--all',
  '-a',
  '--plain',
  '--no-legend',
  '--no-pager',
  '-q',
  '--quiet',
  '--now',
  '--value',
  '--no-block',
  '--full',
  '-l',
  '--system',
  '--failed',
  '--no-reload',
  '--force',
  '-f',
  '--no-ask-password',
  '--runtime',
]);
const VALUED = new Set(['--type', '-t', '--state', '--property', '-p', '--lines', '-n', '--output', '-o']);

const ALIASES = /** @type {Record<string, string>} */ ({ '-t': '--type', '-p': '--property', '-n': '--lines', '-o': '--output', '-a': '--all', '-q': '--quiet', '-l': '--full', '-f': '--force' });

/** getopt_long-like: `--name=value`, `--name value`, `-pValue`, `-p value`, flags. @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ flags: Set<string>, values: Record<string, string[]>, args: string[], bad?: string }} */
  const res = { flags: new Set(), values: {}, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('-') || a === '-') {
      res.args.push(a);
      continue;
    }
    const long = a.startsWith('--');
    const eq = long ? a.indexOf('=') : -1;
    const key = long ? (eq > 0 ? a.slice(0, eq) : a) : a.slice(0, 2);
    if (VALUED.has(key)) {
      const value = long ? (eq > 0 ? a.slice(eq + 1) : argv[++i]) : a.length > 2 ? a.slice(2) : argv[++i];
      if (value === undefined) return { ...res, bad: `option requires an argument -- '${key.replace(/^-+/, '')}'` };
      (res.values[ALIASES[key] ?? key] ??= []).push(...value.split(','));
    } else if (FLAGS.has(a)) {
      res.flags.add(ALIASES[a] ?? a);
    } else {
      return { ...res, bad: long ? `unrecognized option '${a}'` : `invalid option -- '${a.slice(1, 2)}'` };
    }
  }
  return res;
}

const globToRegExp = (/** @type {string} */ g) =>
  new RegExp(
    `^${g
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

/**
 * @param {string[]} argv
 * @param {{ out: (s: string) => void, err: (s: string) => void, root?: string }} io
 * @returns {number} exit code
 */
function main(argv, io) {
  const root = io.root ?? '/';
  const p = parseArgs(argv);
  if (p.bad) {
    io.err(`systemctl: ${p.bad}`);
    return 1;
  }
  const [verb = 'list-units', ...names] = p.args;
  const quiet = p.flags.has('--quiet');
  const state = units.readState(root);
  ops.refresh(root, state);
  const save = () => units.writeState(root, state);
  const patterns = names.map((n) => globToRegExp(n.includes('*') || n.includes('.') ? n : `${n}.service`));
  const print = (/** @type {string} */ text) => {
    if (text) io.out(text);
  };
  const needUnits = () => {
    if (names.length === 0) io.err(`Too few arguments.`);
    return names.length > 0;
  };

  switch (verb) {
    case 'daemon-reload':
    case 'daemon-reexec':
      return 0;
    case 'list-units':
      print(
        fmt.listUnits(root, state, {
          all: p.flags.has('--all'),
          plain: p.flags.has('--plain'),
          legend: !p.flags.has('--no-legend'),
          states: p.flags.has('--failed') ? ['failed'] : (p.values['--state'] ?? []),
          patterns,
        }),
      );
      return 0;
    case 'list-unit-files':
      print(fmt.listUnitFiles(root, { legend: !p.flags.has('--no-legend'), states: p.values['--state'] ?? [], patterns }));
      return 0;
    case 'is-active':
    case 'is-failed': {
      if (!needUnits()) return 1;
      let hit = false;
      for (const n of names) {
        const unit = units.loadUnit(root, n);
        const st = unit ? units.stateOf(state, unit.id).state : 'inactive';
        if (!quiet) io.out(st);
        if (verb === 'is-active' ? st === 'active' : st === 'failed') hit = true;
      }
      return hit ? 0 : verb === 'is-active' ? 3 : 1;
    }
    case 'is-enabled': {
      if (!needUnits()) return 1;
      let code = 1;
      for (const n of names) {
        const unit = units.loadUnit(root, n);
        if (!unit) {
          io.err(`Failed to get unit file state for ${units.normalizeName(n)}: No such file or directory`);
          continue;
        }
        const how = units.enablement(root, unit);
        if (!quiet) io.out(how);
        if (how === 'enabled' || how === 'static') code = 0;
      }
      return code;
    }
    case 'enable':
    case 'disable':
    case 'mask':
    case 'unmask':
      return changeUnitFiles(verb, names, p.flags.has('--now'), { root, io, state, save });
    case 'start':
    case 'stop':
    case 'restart':
    case 'try-restart':
    case 'reload':
    case 'reload-or-restart':
      if (!needUnits()) return 1;
      return runJobs(verb, names, { root, io, state, save });
    case 'reset-failed':
      for (const [id, st] of Object.entries(state.units)) if (st.state === 'failed' && (!names.length || patterns.some((r) => r.test(id)))) st.state = 'inactive';
      save();
      return 0;
    case 'status': {
      const lines = Number(p.values['--lines']?.[0] ?? 10);
      let code = 0;
      const blocks = [];
      for (const n of names.length ? names : []) {
        const unit = units.loadUnit(root, n);
        if (!unit) {
          io.err(`Unit ${units.normalizeName(n)} could not be found.`);
          code = 4;
          continue;
        }
        blocks.push(fmt.status(root, unit, state, lines));
        if (code === 0 && units.stateOf(state, unit.id).state !== 'active') code = 3;
      }
      if (blocks.length) io.out(blocks.join('\n\n'));
      return names.length ? code : 0;
    }
    case 'show': {
      const wanted = p.values['--property'] ?? [];
      const blocks = (names.length ? names : ['']).map((n) => {
        const id = units.normalizeName(n);
        const props = fmt.properties(root, id, units.loadUnit(root, n), state);
        const keys = wanted.length ? wanted : Object.keys(props);
        return keys.map((k) => (p.flags.has('--value') ? (props[k] ?? '') : `${k}=${props[k] ?? ''}`)).join('\n');
      });
      io.out(blocks.join('\n\n'));
      return 0;
    }
    default:
      io.err(`Unknown command verb ${verb}.`);
      return 1;
  }
}

/**
 * @typedef {{ root: string, io: { out: (s: string) => void, err: (s: string) => void },
 *   state: import('./units.cjs').ServiceState, save: () => void }} Ctx
 */

/** @param {string} verb @param {string[]} names @param {boolean} now @param {Ctx} ctx */
function changeUnitFiles(verb, names, now, ctx) {
  const { root, io, state } = ctx;
  for (const n of names) {
    const id = units.normalizeName(n);
    if (verb === 'mask' || verb === 'unmask') {
      const fsu = require('./fsutil.cjs');
      if (verb === 'mask') {
        fsu.symlink(root, '/dev/null', `/etc/systemd/system/${id}`);
        io.err(`Created symlink /etc/systemd/system/${id} \u2192 /dev/null.`);
      } else if (units.loadUnit(root, n)?.masked) {
        fsu.remove(root, `/etc/systemd/system/${id}`);
        io.err(`Removed "/etc/systemd/system/${id}".`);
      }
      continue;
    }
    const unit = units.loadUnit(root, n);
    if (!unit) {
      io.err(`Failed to ${verb} unit: Unit file ${id} does not exist.`);
      return 1;
    }
    if (!unit.hasInstall) io.err(NO_INSTALL_HINT);
    const messages = verb === 'enable' ? units.enable(root, unit) : units.disable(root, unit);
    for (const m of messages) io.err(m);
    if (now && verb === 'disable') ops.stop(root, unit, state);
    if (now && verb === 'enable' && !ops.start(root, unit, state).ok) {
      ctx.save();
      io.err(jobFailed(unit.id));
      return 1;
    }
  }
  ctx.save();
  return 0;
}

const jobFailed = (/** @type {string} */ id) => `Job for ${id} failed because the control process exited with error code.\n` + `See "systemctl status ${id}" and "journalctl -xeu ${id}" for details.`;

/** @param {string} verb @param {string[]} names @param {Ctx} ctx */
function runJobs(verb, names, ctx) {
  const { root, io, state } = ctx;
  let code = 0;
  for (const n of names) {
    const id = units.normalizeName(n);
    const unit = units.loadUnit(root, n);
    const action = verb === 'reload-or-restart' ? 'reload-or-restart' : verb;
    if (!unit) {
      io.err(`Failed to ${action} ${id}: Unit ${id} ${verb === 'stop' ? 'not loaded' : 'not found'}.`);
      code = 5;
      continue;
    }
    if (unit.masked && verb !== 'stop') {
      io.err(`Failed to ${action} ${id}: Unit ${id} is masked.`);
      code = 1;
      continue;
    }
    const active = units.stateOf(state, unit.id).state === 'active';
    if (verb === 'stop') ops.stop(root, unit, state);
    else if (verb === 'reload' && !active) {
      io.err(`Failed to reload ${id}: Unit ${id} is not active, cannot reload.`);
      code = 1;
    } else if (verb === 'reload' || (verb === 'reload-or-restart' && active)) ops.reload(root, unit, state);
    else if (verb === 'try-restart' && !active) continue;
    else {
      if (verb !== 'start') ops.stop(root, unit, state);
      if (!ops.start(root, unit, state).ok) {
        io.err(jobFailed(unit.id));
        code = 1;
      }
    }
  }
  ctx.save();
  return code;
}

module.exports = { main };
