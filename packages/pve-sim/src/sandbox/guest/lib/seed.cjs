// @ts-check
'use strict';
/**
 * Host-side seeding of a fresh rootfs (called by createRootfs): the base packages of the PVE
 * debian-12-standard template, their users and units, and a first boot of the units.
 * Only ever runs on a directory the container has not touched yet.
 */
const catalog = require('./catalog.cjs');
const packages = require('./packages.cjs');
const ops = require('./service-ops.cjs');

/** @param {string} root host path of the rootfs @param {{ hostname: string }} opts */
function seedRootfs(root, opts) {
  for (const name of catalog.BASE_PACKAGES) {
    const pkg = catalog.findPackage(name);
    if (pkg) packages.install(root, pkg, { host: opts.hostname, startServices: false });
  }
  ops.boot(root, { host: opts.hostname });
}

module.exports = { seedRootfs };
