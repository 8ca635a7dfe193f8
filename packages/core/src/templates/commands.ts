/**
 * The fixed shell programs a rendered step runs inside the container. Each is constant text;
 * values reach it only as separate argv words ("$1", "$@") or on stdin, never spliced in, so no
 * quoting can break. Paths are absolute and modes/owners/names are validated before they get here,
 * so no value starts with "-" and `--` is not needed (busybox tools lack it in places).
 */
import type { RenderedExec } from './render-types';

/**
 * Scripts arrive on stdin, are read whole, then run with stdin at end-of-file. Piping the script
 * straight into `bash -s` would let the first command that reads stdin (apt's debconf prompt,
 * `read`, psql without -c) swallow the rest of the script.
 */
// One line on purpose: bash numbers eval'd lines from the eval's own line, so errors then point
// at the template script's real line numbers.
const RUN_STDIN = 'export DEBIAN_FRONTEND=noninteractive; __kiln_script=$(cat); eval "$__kiln_script"';
const BASH_SCRIPT = `set -euo pipefail; ${RUN_STDIN}`;
const SH_SCRIPT = `set -eu; ${RUN_STDIN}`;

/**
 * `--norc`: bash reads ~/.bashrc even when not interactive if it thinks sshd started it (stdin
 * is a socket), which is what an exec over SSH can look like; a container's rc file has no say here.
 */
const BASH = ['bash', '--norc'];

export function scriptExec(shell: 'bash' | 'sh', name: string, script: string): RenderedExec {
  return shell === 'bash' ? { argv: [...BASH, '-c', BASH_SCRIPT, name], stdin: script } : { argv: ['sh', '-c', SH_SCRIPT, name], stdin: script };
}

/**
 * Write stdin to $1 atomically with mode $2 and owner $3. Parent directories get the usual 0755;
 * the content itself is created 0600 (umask 077) and only gets its final mode once complete, so a
 * secret is never readable by others, not even half-written.
 */
export const WRITE_FILE = [
  'set -eu',
  'target=$1 mode=$2 owner=$3',
  'if [ -d "$target" ]; then echo "kiln: $target is a directory" >&2; exit 1; fi',
  'umask 022',
  'mkdir -p "$(dirname "$target")"',
  'umask 077',
  'tmp=$(mktemp "$target.kiln-XXXXXX")',
  `trap 'rm -f "$tmp"' EXIT`,
  'cat > "$tmp"',
  'chown "$owner" "$tmp"',
  'chmod "$mode" "$tmp"',
  'mv -f "$tmp" "$target"',
].join('\n');

export function fileExec(path: string, mode: string, owner: string, content: string): RenderedExec {
  return { argv: ['sh', '-c', WRITE_FILE, 'kiln-write-file', path, mode, owner], stdin: content };
}

/**
 * apt with no questions: no debconf prompts, keep locally changed config files on upgrades, wait
 * up to 5 minutes for a dpkg lock held by apt-daily at first boot, stdin closed.
 */
const APT_OPTIONS = '-o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold';
const APT_UPDATE = `apt-get -q ${APT_OPTIONS} update </dev/null`;
const APT_INSTALL = `apt-get -q -y --no-install-recommends ${APT_OPTIONS} install "$@" </dev/null`;

const aptScript = (update: boolean) => ['set -eu', 'export DEBIAN_FRONTEND=noninteractive', ...(update ? [APT_UPDATE] : []), APT_INSTALL].join('\n');
const APT_WITH_UPDATE = aptScript(true);
const APT_WITHOUT_UPDATE = aptScript(false);

export function packagesExec(packages: readonly string[], update: boolean): RenderedExec {
  return { argv: ['sh', '-c', update ? APT_WITH_UPDATE : APT_WITHOUT_UPDATE, 'kiln-packages', ...packages] };
}

/** daemon-reload first: a unit written by an earlier step is otherwise unknown or stale. */
export const SERVICE = ['set -eu', 'systemctl daemon-reload', 'systemctl "$2" "$1"', 'systemctl "$3" "$1"'].join('\n');

export function serviceExec(name: string, enable: boolean, action: 'start' | 'restart' | 'stop'): RenderedExec {
  return { argv: ['sh', '-c', SERVICE, 'kiln-service', name, enable ? 'enable' : 'disable', action] };
}

/**
 * An HTTP check from inside the container: curl when installed, otherwise bash's /dev/tcp with a
 * plain HTTP/1.0 request. Any 2xx or 3xx status passes. $1 port, $2 path, $3 timeout (s).
 */
export const HTTP_CHECK = [
  'port=$1 path=$2 limit=$3',
  'if command -v curl >/dev/null 2>&1; then',
  '  exec curl -fsS -o /dev/null --max-time "$limit" "http://127.0.0.1:$port$path"',
  'fi',
  'exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1',
  `printf 'GET %s HTTP/1.0\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' "$path" >&3`,
  'IFS= read -r -t "$limit" status <&3 || { echo "no answer from port $port" >&2; exit 1; }',
  'case $status in',
  "  'HTTP/1.'[01]' '[23][0-9][0-9]*) exit 0 ;;",
  'esac',
  `printf 'unexpected answer from port %s: %s\\n' "$port" "\${status%$'\\r'}" >&2`,
  'exit 1',
].join('\n');

export function httpCheckExec(port: number, path: string, timeoutSeconds: number): RenderedExec {
  return { argv: [...BASH, '-c', HTTP_CHECK, 'kiln-healthcheck', String(port), path, String(timeoutSeconds)] };
}

const PROGRAMS = new Set([BASH_SCRIPT, SH_SCRIPT, WRITE_FILE, APT_WITH_UPDATE, APT_WITHOUT_UPDATE, SERVICE, HTTP_CHECK]);

/** True for the constant programs above (they hold no values, so secret checks can skip them). */
export function isKilnProgram(text: string): boolean {
  return PROGRAMS.has(text);
}
