// @ts-check
'use strict';
/**
 * What installing or removing a package does to the container, as its maintainer scripts would:
 * dpkg database entry, system users, config files, units enabled and started. The daemons and
 * clients a package lists get a stand-in under /usr/local/bin (first on PATH) answering
 * `--version`, even when the host's /usr has the real program: running a real server from the
 * host inside a container would be neither isolated nor predictable.
 */
const { exists, writeText, symlink, remove } = require('./fsutil.cjs');
const db = require('./dpkg-db.cjs');
const units = require('./units.cjs');
const ops = require('./service-ops.cjs');

const q = (/** @type {string} */ s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** @param {import('./catalog.cjs').BinDef} bin @param {string} pkg */
function stubScript(bin, pkg) {
  const redirect = bin.versionOnStderr ? ' >&2' : '';
  return `#!/bin/sh
# kiln-sim: stand-in for ${bin.realPath} from package ${pkg}; the simulator runs no real daemons.
case "$1" in
  -v|-V|--version|version|-version) echo ${q(bin.version)}${redirect} ;;
esac
exit 0
`;
}

/**
 * Unpack + configure one package. Returns the lines its maintainer scripts print.
 * @param {string} root @param {import('./catalog.cjs').PackageDef} pkg @param {{ host?: string, startServices?: boolean }} [opts]
 */
function install(root, pkg, opts = {}) {
  const out = [];
  const status = db.readStatus(root);
  status.set(pkg.name, db.stanzaFor(pkg));
  db.writeStatus(root, status);
  for (const group of pkg.groups ?? []) db.ensureGroup(root, group);
  for (const user of pkg.users ?? []) db.ensureSystemUser(root, user);
  for (const [file, text] of Object.entries(pkg.files ?? {})) if (!exists(root, file)) writeText(root, file, text);
  for (const [link, target] of Object.entries(pkg.links ?? {})) if (!exists(root, link)) symlink(root, target, link);
  const virtual = [];
  for (const bin of pkg.bins ?? []) {
    writeText(root, `/usr/local/bin/${bin.name}`, stubScript(bin, pkg.name), 0o755);
    virtual.push(bin.realPath);
  }
  if (virtual.length) units.updateVirtualBins(root, virtual);
  const state = units.readState(root);
  for (const def of pkg.units ?? []) {
    writeText(root, `${units.PACKAGE_UNIT_DIR}/${def.name}`, units.renderUnitFile(def));
    const unit = units.loadUnit(root, def.name);
    if (!unit) continue;
    out.push(...units.enable(root, unit));
    if (opts.startServices !== false) ops.start(root, unit, state, { host: opts.host });
  }
  units.writeState(root, state);
  return out;
}

/** @param {string} root @param {import('./catalog.cjs').PackageDef} pkg @param {boolean} purge */
function uninstall(root, pkg, purge) {
  const state = units.readState(root);
  for (const def of pkg.units ?? []) {
    const unit = units.loadUnit(root, def.name);
    if (!unit) continue;
    ops.stop(root, unit, state);
    units.disable(root, unit);
    remove(root, `${units.PACKAGE_UNIT_DIR}/${def.name}`);
    delete state.units[unit.id];
  }
  units.writeState(root, state);
  const dropped = [];
  for (const bin of pkg.bins ?? []) {
    remove(root, `/usr/local/bin/${bin.name}`);
    dropped.push(bin.realPath);
  }
  if (dropped.length) units.updateVirtualBins(root, [], dropped);
  if (purge) {
    for (const file of Object.keys(pkg.files ?? {})) remove(root, file);
    for (const link of Object.keys(pkg.links ?? {})) remove(root, link);
  }
  const status = db.readStatus(root);
  status.delete(pkg.name);
  db.writeStatus(root, status);
}

/**
 * Unpack a newer version over an installed one and configure it, as dpkg does on an upgrade:
 * the package's files are replaced one by one, the database records the new version, and the
 * services the maintainer scripts restart are restarted. A published failure stops it half-way
 * with dpkg's state (half-installed after an unpack error, half-configured after a postinst error).
 * @param {string} root @param {import('./catalog.cjs').PackageDef} pkg the installed package's definition
 * @param {import('./repo.cjs').Published} next @param {{ host?: string, phase: 'unpack' | 'configure' }} opts
 * @returns {{ ok: boolean, lines: string[] }}
 */
function upgrade(root, pkg, next, opts) {
  const lines = [];
  const status = db.readStatus(root);
  const stanza = status.get(pkg.name) ?? db.stanzaFor(pkg);
  if (opts.phase === 'unpack') {
    const files = Object.entries(next.files ?? {});
    const stopAt = next.fail?.at === 'unpack' ? Math.min(next.fail.afterFiles ?? Math.ceil(files.length / 2), files.length) : files.length;
    for (const [file, text] of files.slice(0, stopAt)) writeText(root, file, text);
    stanza.set('Version', next.version);
    if (stopAt < files.length || next.fail?.at === 'unpack') {
      stanza.set('Status', 'install reinstreq half-installed');
      status.set(pkg.name, stanza);
      db.writeStatus(root, status);
      return { ok: false, lines };
    }
    for (const bin of pkg.bins ?? []) {
      if (next.binVersion) writeText(root, `/usr/local/bin/${bin.name}`, stubScript({ ...bin, version: next.binVersion }, pkg.name), 0o755);
    }
    stanza.set('Status', 'install ok unpacked');
    status.set(pkg.name, stanza);
    db.writeStatus(root, status);
    return { ok: true, lines };
  }
  const state = units.readState(root);
  const restarts = next.restarts ?? (pkg.units ?? []).map((u) => u.name);
  const ok = next.fail?.at !== 'postinst';
  for (const name of restarts) {
    const unit = units.loadUnit(root, name);
    // `deb-systemd-invoke restart`: a unit that was running (or had failed) is (re)started.
    if (!unit || units.stateOf(state, unit.id).state === 'inactive') continue;
    ops.stop(root, unit, state, { host: opts.host });
    if (!ok) {
      // The new version's postinst restarts its service and that start fails.
      state.units[unit.id] = { state: 'failed', since: Date.now(), pid: 0, result: 'exit-code' };
      lines.push(`Job for ${unit.id} failed because the control process exited with error code.`);
      lines.push(`See "systemctl status ${unit.id}" and "journalctl -xeu ${unit.id}" for details.`);
      lines.push(`invoke-rc.d: initscript ${unit.id.replace(/\.service$/, '')}, action "restart" failed.`);
      continue;
    }
    ops.start(root, unit, state, { host: opts.host });
  }
  units.writeState(root, state);
  stanza.set('Status', ok ? 'install ok installed' : 'install ok half-configured');
  status.set(pkg.name, stanza);
  db.writeStatus(root, status);
  return { ok, lines };
}

module.exports = { install, uninstall, upgrade, stubScript };
