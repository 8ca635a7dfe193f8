/**
 * The fixed programs an update runs inside a container (`pct exec` argv, values as separate words,
 * never spliced into the script): OS detection, free disk, package upgrades, an extra TCP check.
 */
import { httpCheckExec, type RenderedExec } from '@kiln/core/templates';
import type { UpdateCheck } from '../schemas/updates';

export type PackageManager = 'apt' | 'apk' | 'dnf';

/**
 * `ID` and `ID_LIKE` of /etc/os-release, and which package manager is there: the distribution's
 * own first (a Fedora container may well have apt-get on its PATH, and the reverse), then whichever exists.
 */
export const DETECT_OS: RenderedExec = {
  argv: [
    'sh',
    '-c',
    [
      '. /etc/os-release 2>/dev/null || true',
      'case " ${ID:-} ${ID_LIKE:-} " in',
      '*" debian "*|*" ubuntu "*) own=apt-get;;',
      '*" alpine "*) own=apk;;',
      '*" fedora "*|*" rhel "*|*" centos "*|*" rocky "*) own=dnf;;',
      '*) own=;;',
      'esac',
      'pm=none',
      'for p in $own apt-get apk dnf; do if command -v "$p" >/dev/null 2>&1; then pm=$p; break; fi; done',
      'printf "%s\\n%s\\n%s\\n" "${ID:-unknown}" "${ID_LIKE:-}" "$pm"',
    ].join('\n'),
    'kiln-detect-os',
  ],
};

export function parseDetectOs(stdout: string): { id: string; like: string; pm: PackageManager | undefined } {
  const [id = 'unknown', like = '', pm = 'none'] = stdout.split('\n');
  const manager = pm === 'apt-get' ? 'apt' : pm === 'apk' ? 'apk' : pm === 'dnf' ? 'dnf' : undefined;
  return { id: id.trim(), like: like.trim(), pm: manager };
}

/** Free KiB on the container's root file system (POSIX `df -P`). */
export const FREE_DISK: RenderedExec = { argv: ['sh', '-c', "df -Pk / | awk 'NR==2 {print $4}'", 'kiln-free-disk'] };

/** Less than this free on / and the update does not start (a package upgrade unpacks archives first). */
export const MIN_FREE_KIB = 256 * 1024;

/**
 * apt without questions: no debconf prompts, keep changed config files, wait up to 2 minutes for a
 * dpkg lock (apt-daily), stdin closed. `os-security` upgrades from the security sources alone:
 * apt reads a sources list holding only the lines that name a security suite.
 */
const APT_OPTIONS = '-o DPkg::Lock::Timeout=120 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold';
export const APT_UPGRADE = ['set -eu', 'export DEBIAN_FRONTEND=noninteractive', `apt-get -q ${APT_OPTIONS} update </dev/null`, `apt-get -q -y ${APT_OPTIONS} upgrade </dev/null`].join('\n');
export const APT_SECURITY_UPGRADE = [
  'set -eu',
  'export DEBIAN_FRONTEND=noninteractive',
  'list=$(mktemp /tmp/kiln-security-XXXXXX.list)',
  `trap 'rm -f "$list"' EXIT`,
  'cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -E "^deb .*security" > "$list" || true',
  'if [ ! -s "$list" ]; then echo "kiln: no security sources found in /etc/apt/sources.list*" >&2; exit 3; fi',
  `apt-get -q ${APT_OPTIONS} -o Dir::Etc::SourceList="$list" -o Dir::Etc::SourceParts=/dev/null update </dev/null`,
  `apt-get -q -y ${APT_OPTIONS} -o Dir::Etc::SourceList="$list" -o Dir::Etc::SourceParts=/dev/null upgrade </dev/null`,
].join('\n');
export const APK_UPGRADE = ['set -eu', 'apk update', 'apk upgrade --no-interactive </dev/null'].join('\n');

/** How long an upgrade waits for another rpm transaction (dnf-automatic, an admin) to end. */
export const DNF_LOCK_WAIT_SECONDS = 120;

/**
 * dnf without questions (`-y`, stdin closed; rpm keeps changed config files as .rpmnew itself),
 * on fresh metadata (`--refresh`, as the check read it). dnf 4 waits for a held rpm lock by itself
 * ("Waiting for process with pid N to finish."); dnf5 fails at once ("Failed to obtain rpm
 * transaction lock"), before changing anything, so that failure is retried for up to 2 minutes.
 * `--security` upgrades only packages with a security advisory (both versions).
 */
function dnfUpgrade(args: string): string {
  return [
    'set -u',
    'log=$(mktemp /tmp/kiln-dnf-XXXXXX); rcfile=$(mktemp /tmp/kiln-dnf-rc-XXXXXX)',
    `trap 'rm -f "$log" "$rcfile"' EXIT`,
    `deadline=$(( $(date +%s) + ${DNF_LOCK_WAIT_SECONDS} ))`,
    'while :; do',
    `  { dnf -y --refresh ${args} </dev/null 2>&1; echo $? > "$rcfile"; } | tee "$log"`,
    '  rc=$(cat "$rcfile")',
    '  if [ "$rc" -ne 0 ] && grep -q "Failed to obtain rpm transaction lock" "$log" && [ "$(date +%s)" -lt "$deadline" ]; then',
    '    echo "kiln: another rpm transaction is running; trying again in 5 s" >&2; sleep 5; continue',
    '  fi',
    '  exit "$rc"',
    'done',
  ].join('\n');
}
export const DNF_UPGRADE = dnfUpgrade('upgrade');
export const DNF_SECURITY_UPGRADE = dnfUpgrade('upgrade --security');

/** The upgrade command for the container's package manager, or why there is none (Alpine has no security-only upgrades). */
export function osUpgradeExec(pm: PackageManager, securityOnly: boolean): RenderedExec | { refusal: string } {
  switch (pm) {
    case 'apt':
      return { argv: ['sh', '-c', securityOnly ? APT_SECURITY_UPGRADE : APT_UPGRADE, 'kiln-os-upgrade'] };
    case 'apk':
      return securityOnly ? { refusal: 'Alpine’s apk has no separate security updates: choose “all OS packages”.' } : { argv: ['sh', '-c', APK_UPGRADE, 'kiln-os-upgrade'] };
    case 'dnf':
      return { argv: ['sh', '-c', securityOnly ? DNF_SECURITY_UPGRADE : DNF_UPGRADE, 'kiln-os-upgrade'] };
  }
}

/** A TCP connect from inside the container ($1 port, $2 timeout s), through bash's /dev/tcp. */
const TCP_CHECK = ['port=$1 limit=$2', 'exec timeout "$limit" bash --norc -c \'exec 3<>"/dev/tcp/127.0.0.1/$0"\' "$port"'].join('\n');

export function extraCheckExec(check: UpdateCheck, timeoutSeconds = 10): RenderedExec {
  return check.kind === 'http' ? httpCheckExec(check.port, check.path, timeoutSeconds) : { argv: ['sh', '-c', TCP_CHECK, 'kiln-tcp-check', String(check.port), String(timeoutSeconds)] };
}

export const describeCheck = (check: UpdateCheck) => (check.kind === 'http' ? `HTTP check on port ${check.port}${check.path}` : `TCP check on port ${check.port}`);
