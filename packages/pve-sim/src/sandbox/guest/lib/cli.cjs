// @ts-check
'use strict';
/**
 * Entry point shared by the shim executables in /usr/local/sbin: picks the tool by name and maps
 * its result to the process exit code. Output goes straight to the inherited stdout/stderr.
 */

/** @param {string} s */
const line = (s) => (s.endsWith('\n') ? s : `${s}\n`);
const io = {
  out: (/** @type {string} */ s) => void process.stdout.write(line(s)),
  err: (/** @type {string} */ s) => void process.stderr.write(line(s)),
  write: (/** @type {string} */ s) => void process.stdout.write(s),
};

/** Fedora and Rocky have no apt or dpkg (their containers still carry the simulator's Debian base underneath). @param {string} tool */
function notHere(tool) {
  if (!require('./rpm-db.cjs').distroOf('/')) return undefined;
  io.err(`sh: ${tool}: not found`);
  return 127;
}

/** @param {string} tool @param {string[]} argv */
async function run(tool, argv) {
  // A reader that went away (e.g. `journalctl -f | head`) ends us quietly, like a real tool.
  process.stdout.on('error', () => process.exit(0));
  let code;
  try {
    switch (tool) {
      case 'apt-get':
      case 'apt':
        code = notHere(tool) ?? require('./apt.cjs').main(tool, argv, io);
        break;
      case 'apt-cache':
        code = require('./apt-cache.cjs').main('apt-cache', argv, io);
        break;
      case 'apk':
        code = require('./apk.cjs').main(argv, io);
        break;
      case 'dnf':
      case 'yum':
        code = require('./dnf.cjs').main(argv, io, tool);
        break;
      case 'rpm':
        code = require('./rpm.cjs').main(argv, io);
        break;
      case 'dpkg':
      case 'dpkg-query':
        code = notHere(tool) ?? require('./dpkg.cjs').main(tool, argv, io);
        break;
      case 'systemctl':
        code = require('./systemctl.cjs').main(argv, io);
        break;
      case 'service': {
        const [name, action, ...rest] = argv;
        code = name && action ? require('./systemctl.cjs').main([action, name, ...rest], io) : (io.err('Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]'), 1);
        break;
      }
      case 'journalctl':
        code = await require('./journalctl.cjs').main(argv, io);
        break;
      default:
        io.err(`kiln-sim: unknown shim ${tool}`);
        code = 127;
    }
  } catch (e) {
    io.err(`${tool}: ${e instanceof Error ? e.message : String(e)}`);
    code = 1;
  }
  process.exitCode = code;
}

module.exports = { run };
