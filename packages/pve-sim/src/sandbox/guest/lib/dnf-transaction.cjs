// @ts-check
'use strict';
/**
 * What an rpm transaction does to the container (dnf install / upgrade / remove): files written,
 * the rpm database, unit files, services restarted by %postun (`systemctl try-restart`), and the
 * scriptlet failures a test can publish: a failing %pre stops that package (rpm: "install failed",
 * the old one's "erase skipped"; dnf exits 1), a failing %post is non-fatal for rpm (files and
 * version are new, the restarted services fail; dnf exits 0), `unpack` is a cpio error (nothing of
 * that package written; exit 1). Texts: rpm 4.16 + dnf 4.14 (Rocky 9), rpm 4.20 + dnf5 (Fedora 42).
 */
const { exists, writeText, remove } = require('./fsutil.cjs');
const db = require('./rpm-db.cjs');
const units = require('./units.cjs');
const ops = require('./service-ops.cjs');
const { stubScript } = require('./packages.cjs');
const repo = require('./repo.cjs');

/** @typedef {{ out: (s: string) => void, err: (s: string) => void }} Io */
/** @typedef {{ name: string, arch: string, evr: string, from?: string, def?: import('./rpm-db.cjs').RpmDef, next?: import('./repo.cjs').Published }} Step */

/** A program stand-in that answers --version for this version of the package. @param {string} root @param {NonNullable<import('./rpm-db.cjs').RpmDef['bins']>[number]} bin @param {string} pkg @param {string} text */
function writeStub(root, bin, pkg, text) {
  writeText(root, `/usr/local/bin/${bin.name}`, stubScript({ ...bin, version: text }, pkg), 0o755);
}

/** Unit files, program stand-ins and files of a newly installed package (services stay disabled: Fedora's presets). @param {string} root @param {import('./rpm-db.cjs').RpmDef} def @param {string} evr */
function unpackNew(root, def, evr) {
  for (const [file, text] of Object.entries(def.files ?? {})) if (!exists(root, file)) writeText(root, file, text);
  for (const u of def.units ?? []) writeText(root, `${units.PACKAGE_UNIT_DIR}/${u.name}`, units.renderUnitFile(u));
  const bins = (def.bins ?? []).map((b) => {
    writeStub(root, b, def.name, b.version.replace('{V}', db.splitEvr(evr).version));
    return b.realPath;
  });
  if (bins.length) units.updateVirtualBins(root, bins);
}

/** @param {string} root @param {import('./rpm-db.cjs').RpmDef} def */
function eraseFiles(root, def) {
  const state = units.readState(root);
  for (const u of def.units ?? []) {
    const unit = units.loadUnit(root, u.name);
    if (!unit) continue;
    ops.stop(root, unit, state);
    units.disable(root, unit);
    remove(root, `${units.PACKAGE_UNIT_DIR}/${u.name}`);
    delete state.units[unit.id];
  }
  units.writeState(root, state);
  const bins = (def.bins ?? []).map((b) => {
    remove(root, `/usr/local/bin/${b.name}`);
    return b.realPath;
  });
  if (bins.length) units.updateVirtualBins(root, [], bins);
}

/**
 * %postun of the old version: `systemctl try-restart` of the package's units (only running or
 * failed ones); after a failing %post the new version's service does not come up.
 * @param {string} root @param {import('./rpm-db.cjs').RpmDef | undefined} def @param {boolean} ok
 */
function tryRestart(root, def, ok) {
  const state = units.readState(root);
  const host = db.hostOf(root);
  for (const u of def?.units ?? []) {
    const unit = units.loadUnit(root, u.name);
    if (!unit || units.stateOf(state, unit.id).state === 'inactive') continue;
    ops.stop(root, unit, state, { host });
    if (ok) ops.start(root, unit, state, { host });
    else state.units[unit.id] = { state: 'failed', since: Date.now(), pid: 0, result: 'exit-code' };
  }
  units.writeState(root, state);
}

/**
 * Runs the transaction. `flavor` 4 or 5 picks the texts. Returns which elements failed fatally.
 * @param {string} root @param {import('./rpm-db.cjs').Distro} distro @param {{ install: Step[], upgrade: Step[], remove: Step[] }} t
 * @param {{ io: Io, quiet: boolean, flavor: 4 | 5 }} o
 * @returns {{ failed: string[] }}
 */
function run(root, distro, t, o) {
  const installed = db.readDb(root, distro);
  const total = t.install.length + t.upgrade.length * 2 + t.remove.length;
  let n = 0;
  const out = o.quiet ? () => {} : o.io.out;
  const full = (/** @type {string} */ name, /** @type {string} */ evr, /** @type {string} */ arch) => db.nevra(name, evr, arch, o.flavor === 5);
  const progress = (/** @type {string} */ action, /** @type {string} */ what, bump = true) => {
    if (bump) n++;
    if (o.flavor === 4) {
      const l = String(total).length;
      const done = `${String(n).padStart(l)}/${String(total).padStart(l)}`;
      out(`  ${action.padEnd(17)}: ${what.padEnd(52).slice(0, Math.max(52, what.length))}   ${done} `);
    } else {
      const label = `[${String(n).padStart(String(total).length)}/${total}] ${action} ${what}`;
      out(`${label.slice(0, 40).padEnd(40)} 100% |   1.0 MiB/s | 100.0 KiB |  00m00s`);
    }
  };
  const scriptlet = (/** @type {'pre' | 'post'} */ which, /** @type {Step} */ s) => {
    const v = db.nevra(s.name, s.evr, s.arch);
    const tag = which === 'pre' ? 'prein' : 'post';
    if (o.flavor === 4) {
      progress('Running scriptlet', v, which === 'pre');
      o.io.err(`${which === 'pre' ? 'error' : 'warning'}: %${tag}(${v}) scriptlet failed, exit status 1`);
      o.io.err('');
      o.io.err(`Error in ${which === 'pre' ? 'PREIN' : 'POSTIN'} scriptlet in rpm package ${s.name}`);
    } else {
      o.io.err(`>>> Running %${which} scriptlet: ${full(s.name, s.evr, s.arch)}`);
      o.io.err(`>>> ${which === 'pre' ? 'Critical' : 'Non-critical'} error in %${which} scriptlet: ${full(s.name, s.evr, s.arch)}`);
      o.io.err(`>>> [RPM] %${tag}(${v}) scriptlet failed, exit status 1`);
    }
  };
  const rpmError = (/** @type {string} */ text) => (o.flavor === 4 ? o.io.err(`error: ${text}`) : o.io.err(`>>> [RPM] ${text}`));
  /** @type {string[]} */
  const failed = [];
  if (o.flavor === 4) out(`  ${'Preparing'.padEnd(17)}: ${''.padEnd(52)}   ${'1/1'.padStart(String(total).length * 2 + 1)} `);
  for (const s of t.install) {
    if (!s.def) continue;
    progress('Installing', full(s.name, s.evr, s.arch));
    unpackNew(root, s.def, s.evr);
    installed[s.name] = { evr: s.evr, arch: s.arch, repo: s.def.repo[distro], installtime: Date.now() };
    db.writeDb(root, installed);
  }
  for (const s of t.upgrade) {
    const next = /** @type {import('./repo.cjs').Published} */ (s.next);
    repo.sleep(next.delayMs ?? 0);
    const at = next.fail?.at;
    if (at === 'prein') {
      scriptlet('pre', s);
      rpmError(`${db.nevra(s.name, s.evr, s.arch)}: install failed`);
      rpmError(`${db.nevra(s.name, s.from ?? '', s.arch)}: erase skipped`);
      failed.push(s.name);
      continue;
    }
    progress('Upgrading', full(s.name, s.evr, s.arch));
    if (at === 'unpack') {
      const file = Object.keys(next.files ?? {})[0] ?? `/usr/share/doc/${s.name}/README`;
      rpmError(`unpacking of archive failed on file ${file};${Math.floor(Date.now() / 1000).toString(16)}: cpio: Digest mismatch`);
      rpmError(`${db.nevra(s.name, s.evr, s.arch)}: install failed`);
      rpmError(`${db.nevra(s.name, s.from ?? '', s.arch)}: erase skipped`);
      failed.push(s.name);
      continue;
    }
    for (const [file, text] of Object.entries(next.files ?? {})) writeText(root, file, text);
    for (const b of s.def?.bins ?? []) writeStub(root, b, s.name, next.binVersion ?? b.version.replace('{V}', db.splitEvr(s.evr).version));
    installed[s.name] = { evr: s.evr, arch: s.arch, repo: installed[s.name]?.repo ?? s.def?.repo[distro] ?? 'updates', installtime: Date.now() };
    db.writeDb(root, installed);
    if (at === 'postinst') scriptlet('post', s);
    else if (o.flavor === 4) progress('Running scriptlet', db.nevra(s.name, s.evr, s.arch), false);
    progress(o.flavor === 4 ? 'Cleanup' : 'Removing', full(s.name, s.from ?? '', s.arch));
    tryRestart(root, s.def, at !== 'postinst');
  }
  for (const s of t.remove) {
    progress(o.flavor === 4 ? 'Erasing' : 'Removing', full(s.name, s.evr, s.arch));
    if (s.def) eraseFiles(root, s.def);
    delete installed[s.name];
    db.writeDb(root, installed);
  }
  if (o.flavor === 4) {
    n = 0;
    for (const s of t.install) progress('Verifying', db.nevra(s.name, s.evr, s.arch));
    for (const s of t.upgrade) {
      progress('Verifying', db.nevra(s.name, s.evr, s.arch));
      progress('Verifying', db.nevra(s.name, s.from ?? '', s.arch));
    }
    for (const s of t.remove) progress('Verifying', db.nevra(s.name, s.evr, s.arch));
  }
  return { failed };
}

module.exports = { run, unpackNew };
