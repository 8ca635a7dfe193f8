// @ts-check
'use strict';
/**
 * systemd's view of unit files: where they live, how they are parsed, whether they are enabled.
 * Units shipped by packages are stored under /var/lib/kiln-sim/units (the container's /usr is the
 * host's, read-only) and shown as /lib/systemd/system, where Debian puts them.
 */
const fs = require('node:fs');
const { at, readText, readJson, writeJson, exists, listDir, symlink, remove } = require('./fsutil.cjs');

const PACKAGE_UNIT_DIR = '/var/lib/kiln-sim/units';
const UNIT_DIRS = [
  { dir: '/etc/systemd/system', shown: '/etc/systemd/system' },
  { dir: '/run/systemd/system', shown: '/run/systemd/system' },
  { dir: PACKAGE_UNIT_DIR, shown: '/lib/systemd/system' },
];
const STATE_FILE = '/var/lib/kiln-sim/services.json';
const VIRTUAL_BINS_FILE = '/var/lib/kiln-sim/virtual-bins.json';

/**
 * @typedef {{ id: string, path: string, shownPath: string, description: string, type: string,
 *   execStart: string, workingDirectory: string, user: string, group: string, environment: string[], wantedBy: string[], alias: string[], hasInstall: boolean, remainAfterExit: boolean,
 *   docs: string[], masked: boolean }} Unit
 * @typedef {{ state: 'active' | 'inactive' | 'failed', since: number, pid: number, result?: string, real?: boolean, ns?: string }} UnitState
 * @typedef {{ nextPid: number, units: Record<string, UnitState> }} ServiceState
 */

/** `nginx` -> `nginx.service`; other unit types keep their suffix. */
function normalizeName(/** @type {string} */ name) {
  return /\.(service|socket|timer|target|mount|path|slice|scope|device|swap|automount)$/.test(name) ? name : `${name}.service`;
}

/** @param {string} text @returns {Record<string, Record<string, string[]>>} */
function parseUnitFile(text) {
  /** @type {Record<string, Record<string, string[]>>} */
  const sections = {};
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header && header[1]) {
      current = header[1];
      sections[current] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !current) continue;
    const key = line.slice(0, eq).trim();
    const section = (sections[current] ??= {});
    (section[key] ??= []).push(line.slice(eq + 1).trim());
  }
  return sections;
}

/** @param {string} id @param {string} path @param {string} shownPath @param {string} text @returns {Unit} */
function toUnit(id, path, shownPath, text) {
  const s = parseUnitFile(text);
  const first = (/** @type {string} */ sec, /** @type {string} */ key) => s[sec]?.[key]?.[0] ?? '';
  const words = (/** @type {string} */ sec, /** @type {string} */ key) => (s[sec]?.[key] ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);
  const wantedBy = [...words('Install', 'WantedBy'), ...words('Install', 'RequiredBy')];
  const alias = words('Install', 'Alias');
  return {
    id,
    path,
    shownPath,
    description: first('Unit', 'Description'),
    type: first('Service', 'Type') || 'simple',
    execStart: first('Service', 'ExecStart'),
    workingDirectory: first('Service', 'WorkingDirectory'),
    user: first('Service', 'User'),
    group: first('Service', 'Group'),
    environment: s['Service']?.['Environment'] ?? [],
    wantedBy,
    alias,
    hasInstall: wantedBy.length > 0 || alias.length > 0 || words('Install', 'Also').length > 0,
    remainAfterExit: /^(yes|true|1|on)$/i.test(first('Service', 'RemainAfterExit')),
    docs: words('Unit', 'Documentation'),
    masked: false,
  };
}

/** Target of a symlink in a unit directory, or undefined for a regular file. @param {string} root @param {string} file */
function linkTarget(root, file) {
  try {
    return fs.readlinkSync(at(root, file));
  } catch {
    return undefined;
  }
}

/**
 * Load a unit by name or alias. Symlinks into /lib/systemd/system are resolved against the
 * package unit store, never the real /lib (that is the host's /usr/lib inside the container).
 * @param {string} root @param {string} requested @returns {Unit | undefined}
 */
function loadUnit(root, requested) {
  const id = normalizeName(requested);
  for (const { dir, shown } of UNIT_DIRS) {
    const file = `${dir}/${id}`;
    if (!exists(root, file)) continue;
    const target = linkTarget(root, file);
    if (target === '/dev/null') return { ...toUnit(id, file, `${shown}/${id}`, ''), masked: true };
    const packaged = target && /^(\/usr)?\/lib\/systemd\/system\/([^/]+)$/.exec(target);
    if (packaged && packaged[2]) {
      const real = `${PACKAGE_UNIT_DIR}/${packaged[2]}`;
      const text = readText(root, real);
      if (text !== undefined) return toUnit(packaged[2], real, `/lib/systemd/system/${packaged[2]}`, text);
      continue;
    }
    const text = readText(root, file);
    if (text !== undefined) return toUnit(id, file, `${shown}/${id}`, text);
  }
  return listUnits(root).find((u) => u.alias.includes(id));
}

/** Every service unit file, first directory wins (like systemd's search path); alias links are skipped. @param {string} root */
function listUnits(root) {
  /** @type {Map<string, Unit>} */
  const seen = new Map();
  for (const { dir, shown } of UNIT_DIRS) {
    for (const name of listDir(root, dir)) {
      if (!name.endsWith('.service') || seen.has(name)) continue;
      const target = linkTarget(root, `${dir}/${name}`);
      if (target !== undefined && target !== '/dev/null') continue;
      const text = target === '/dev/null' ? '' : readText(root, `${dir}/${name}`);
      if (text === undefined) continue;
      const unit = toUnit(name, `${dir}/${name}`, `${shown}/${name}`, text);
      seen.set(name, target === '/dev/null' ? { ...unit, masked: true } : unit);
    }
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** @param {string} root @param {Unit} unit @returns {'enabled' | 'disabled' | 'static' | 'masked'} */
function enablement(root, unit) {
  if (unit.masked) return 'masked';
  if (!unit.hasInstall) return 'static';
  const linked = unit.wantedBy.some((t) => exists(root, `/etc/systemd/system/${t}.wants/${unit.id}`));
  return linked ? 'enabled' : 'disabled';
}

/** Create the [Install] symlinks; returns systemctl's messages. @param {string} root @param {Unit} unit */
function enable(root, unit) {
  const messages = [];
  for (const target of unit.wantedBy) {
    const link = `/etc/systemd/system/${target}.wants/${unit.id}`;
    if (exists(root, link)) continue;
    symlink(root, unit.shownPath, link);
    messages.push(`Created symlink ${link} \u2192 ${unit.shownPath}.`);
  }
  for (const name of unit.alias) {
    const link = `/etc/systemd/system/${name}`;
    if (exists(root, link)) continue;
    symlink(root, unit.shownPath, link);
    messages.push(`Created symlink ${link} \u2192 ${unit.shownPath}.`);
  }
  return messages;
}

/** @param {string} root @param {Unit} unit */
function disable(root, unit) {
  const messages = [];
  const links = [...unit.wantedBy.map((t) => `/etc/systemd/system/${t}.wants/${unit.id}`), ...unit.alias.map((a) => `/etc/systemd/system/${a}`)];
  for (const link of links) {
    if (!exists(root, link)) continue;
    remove(root, link);
    messages.push(`Removed "${link}".`);
  }
  return messages;
}

/** @param {string} root @returns {ServiceState} */
function readState(root) {
  return readJson(root, STATE_FILE, { nextPid: 300, units: {} });
}

/** @param {string} root @param {ServiceState} state */
function writeState(root, state) {
  writeJson(root, STATE_FILE, state);
}

/** @param {ServiceState} state @param {string} id @returns {UnitState} */
function stateOf(state, id) {
  return state.units[id] ?? { state: 'inactive', since: 0, pid: 0 };
}

/** Paths installed by packages whose binaries are simulated (they are not in the host's /usr). */
function virtualBins(/** @type {string} */ root) {
  return new Set(readJson(root, VIRTUAL_BINS_FILE, /** @type {string[]} */ ([])));
}

/** @param {string} root @param {string[]} add @param {string[]} drop */
function updateVirtualBins(root, add, drop = []) {
  const set = virtualBins(root);
  for (const p of add) set.add(p);
  for (const p of drop) set.delete(p);
  writeJson(root, VIRTUAL_BINS_FILE, [...set].sort());
}

/** @param {import('./catalog.cjs').UnitDef} def */
function renderUnitFile(def) {
  const unit = [`Description=${def.description}`];
  if (def.docs) unit.push(`Documentation=${def.docs}`);
  if (def.after) unit.push(`After=${def.after}`);
  const service = [`Type=${def.type ?? 'simple'}`, `ExecStart=${def.execStart}`];
  if (def.type === 'oneshot') service.push('RemainAfterExit=yes');
  let text = `[Unit]\n${unit.join('\n')}\n\n[Service]\n${service.join('\n')}\n`;
  const wantedBy = def.wantedBy ?? 'multi-user.target';
  if (wantedBy || def.alias?.length) {
    const install = wantedBy ? [`WantedBy=${wantedBy}`] : [];
    for (const a of def.alias ?? []) install.push(`Alias=${a}`);
    text += `\n[Install]\n${install.join('\n')}\n`;
  }
  return text;
}

module.exports = {
  PACKAGE_UNIT_DIR,
  normalizeName,
  parseUnitFile,
  loadUnit,
  listUnits,
  enablement,
  enable,
  disable,
  readState,
  writeState,
  stateOf,
  virtualBins,
  updateVirtualBins,
  renderUnitFile,
};
