// @ts-check
'use strict';
/**
 * Really running a unit's ExecStart inside the container, as PID 1 would: a new session (so the
 * exec that ran `systemctl start` can end, and a kill of its process group spares the daemon),
 * stdin from /dev/null, stdout and stderr appended to /var/log/kiln-sim/<unit>.log (systemd
 * sends them to the journal), WorkingDirectory=, Environment=, User=/Group= through setpriv.
 * The container's init adopts and reaps the daemon. There is no supervision: Restart= is ignored.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');

const LOG_DIR = '/var/log/kiln-sim';
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** systemd's command line syntax, as far as units written by install scripts use it: words, quotes, backslashes. @param {string} line */
function splitCommand(line) {
  /** @type {string[]} */
  const words = [];
  let word = '';
  let inWord = false;
  /** @type {string | undefined} */
  let quote;
  const text = line.replace(/^[-@:+!]+/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Environment= lines: `A=1 "B=two words"`. @param {string[]} lines */
function environmentOf(lines) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const word of lines.flatMap(splitCommand)) {
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}

/** The PID namespace we run in: a PID only means the same process within the same namespace. */
function namespaceId() {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

/**
 * @param {import('./units.cjs').Unit} unit
 * @param {{ wait: boolean }} opts wait for the command to end (Type=oneshot, forking)
 * @returns {{ code: number, signal?: string, pid: number, ns: string }}
 */
function start(unit, opts) {
  let argv = splitCommand(unit.execStart);
  if (unit.user && unit.user !== 'root') argv = ['setpriv', `--reuid=${unit.user}`, `--regid=${unit.group || unit.user}`, '--init-groups', '--', ...argv];
  const [program, ...args] = argv;
  const ns = namespaceId();
  if (!program) return { code: 203, pid: 0, ns };
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const log = fs.openSync(`${LOG_DIR}/${unit.id}.log`, 'a');
  const options = {
    cwd: unit.workingDirectory.replace(/^-/, '') || '/',
    env: { PATH, LANG: 'C.UTF-8', ...environmentOf(unit.environment) },
    stdio: /** @type {['ignore', number, number]} */ (['ignore', log, log]),
  };
  try {
    if (opts.wait) {
      const res = spawnSync(program, args, options);
      return { code: res.status ?? 1, ...(res.signal ? { signal: res.signal } : {}), pid: res.pid ?? 0, ns };
    }
    const child = spawn(program, args, { ...options, detached: true });
    child.on('error', () => {});
    child.unref();
    return { code: child.pid === undefined ? 203 : 0, pid: child.pid ?? 0, ns };
  } catch {
    return { code: 203, pid: 0, ns };
  } finally {
    fs.closeSync(log);
  }
}

/** Alive (not a zombie) in this PID namespace. @param {number} pid @param {string | undefined} ns */
function alive(pid, ns) {
  if (!pid || ns !== namespaceId()) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const pause = (/** @type {number} */ ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** SIGTERM to the daemon's process group, SIGKILL after 10 s (systemd's TimeoutStopSec is 90 s). @param {number} pid @param {string | undefined} ns */
function stop(pid, ns) {
  if (!alive(pid, ns)) return;
  const signal = (/** @type {NodeJS.Signals} */ sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // gone
      }
    }
  };
  signal('SIGTERM');
  for (let waited = 0; waited < 10_000 && alive(pid, ns); waited += 50) pause(50);
  if (alive(pid, ns)) signal('SIGKILL');
  for (let waited = 0; waited < 2_000 && alive(pid, ns); waited += 20) pause(20);
}

module.exports = { start, stop, alive, splitCommand };
