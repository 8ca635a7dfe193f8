/**
 * The read-only detection an update check runs in a container (one `pct exec`), and how its
 * output is read. The script tells the OS from /etc/os-release, refreshes the package index
 * (waiting for a held apt lock, up to a minute) and lists what would be upgraded without
 * changing anything (apt, apk, dnf: see dnf.ts); each part is framed by `@@kiln` marker lines so
 * the parser never guesses.
 */
import { z } from 'zod';
import { DNF_CHECK, parseDnf } from './dnf';

export const UPDATE_FAMILIES = ['apt', 'apk', 'dnf'] as const;
export type UpdateFamily = (typeof UPDATE_FAMILIES)[number];

export const pendingPackageSchema = z.object({ name: z.string(), current: z.string(), next: z.string(), security: z.boolean() });
export type PendingPackage = z.infer<typeof pendingPackageSchema>;

export interface DetectionResult {
  family: UpdateFamily | null;
  osId: string | null;
  /** Null when no package list could be read (the previous one stays). */
  packages: PendingPackage[] | null;
  /** Shown as it is: "apt lock held ...", "package index refresh failed: ...". */
  error: string | null;
}

/** How long apt waits for another apt/dpkg to let go of its lock before the check gives up. */
export const APT_LOCK_WAIT_SECONDS = 60;

const SCRIPT = `export LC_ALL=C DEBIAN_FRONTEND=noninteractive
ID=; ID_LIKE=
[ -r /etc/os-release ] && . /etc/os-release
echo "@@kiln os \${ID:-unknown} \${ID_LIKE:-}"
case " \${ID:-} \${ID_LIKE:-} " in
*" debian "*|*" ubuntu "*)
  out=$(apt-get -q -o DPkg::Lock::Timeout=${APT_LOCK_WAIT_SECONDS} update 2>&1); rc=$?
  echo "@@kiln refresh $rc"; [ $rc -eq 0 ] || printf '%s\\n' "$out" | tail -n 8
  echo "@@kiln list apt"; apt-get -s -q dist-upgrade 2>&1; echo "@@kiln end $?";;
*" alpine "*)
  out=$(apk update -q 2>&1); rc=$?
  echo "@@kiln refresh $rc"; [ $rc -eq 0 ] || printf '%s\\n' "$out" | tail -n 8
  echo "@@kiln list apk"; apk version -l '<' 2>&1; echo "@@kiln end $?";;
*" fedora "*|*" rhel "*|*" centos "*|*" rocky "*)
  ${DNF_CHECK};;
*) echo "@@kiln unsupported \${ID:-unknown}";;
esac`;

/** The argv of the detection (a constant script: nothing of the container's is interpolated on Kiln's side). */
export const DETECT_ARGV: readonly string[] = ['/bin/sh', '-c', SCRIPT];

/** `Inst name [current] (next origin... [arch])`; new packages (no [current]) are not upgrades. */
const APT_INST = /^Inst (\S+) \[([^\]]+)\] \((\S+) ([^[]*)\[[^\]]+\]\)/;
/** `name-1.2.3-r0   < 1.2.4-r0` (apk-tools 2 `version -l '<'`). */
const APK_LINE = /^(\S+?)-(\d[^\s-]*-r\d+)\s+<\s+(\S+)/;

function lockMessage(text: string): string | null {
  const m = /Could not get lock (\S+?)\.? It is held by process (\d+)(?: \(([^)]+)\))?/.exec(text);
  if (m) return `apt lock held: ${m[1]} is held by process ${m[2]}${m[3] ? ` (${m[3]})` : ''}`;
  if (/Unable to lock database/i.test(text)) return 'apk lock held: another apk is running';
  if (/Failed to obtain rpm transaction lock/i.test(text)) return 'rpm lock held: another dnf or rpm transaction is running';
  return null;
}

export function parseDetection(stdout: string): DetectionResult {
  const lines = stdout.split('\n');
  const os = /^@@kiln os (\S+) ?(.*)$/m.exec(stdout);
  const osId = os?.[1] && os[1] !== 'unknown' ? os[1] : null;
  const unsupported = /^@@kiln unsupported (\S+)/m.exec(stdout)?.[1];
  if (unsupported) return { family: null, osId, packages: null, error: `Unknown OS "${unsupported}": no apt, apk or dnf to ask.` };
  const listAt = lines.findIndex((l) => l.startsWith('@@kiln list '));
  const family = (lines[listAt]?.slice('@@kiln list '.length).trim() ?? null) as UpdateFamily | null;
  const refreshAt = lines.findIndex((l) => l.startsWith('@@kiln refresh '));
  const refreshCode = Number(lines[refreshAt]?.slice('@@kiln refresh '.length) ?? 'NaN');
  const refreshOut = refreshAt >= 0 ? lines.slice(refreshAt + 1, listAt >= 0 ? listAt : undefined).join('\n') : '';
  const endAt = lines.findIndex((l) => l.startsWith('@@kiln end '));
  if (listAt < 0 || endAt < 0) return { family, osId, packages: null, error: 'The check ended early (no package list).' };
  const listOut = lines.slice(listAt + 1, endAt);
  const listCode = Number(lines[endAt]?.slice('@@kiln end '.length));
  let error: string | null = null;
  if (refreshCode !== 0) {
    const lastError = refreshOut
      .split('\n')
      .filter((l) => /^(E|W|ERROR|Error):/.test(l))
      .pop();
    error = lockMessage(refreshOut) ?? `Package index refresh failed (exit ${refreshCode})${lastError ? `: ${lastError}` : ''}; versions are from the last refresh.`;
  }
  // `dnf check-update` exits 100 when there are upgrades; its own lines end where updateinfo's begin.
  if (listCode !== 0 && !(family === 'dnf' && listCode === 100)) {
    const own = family === 'dnf' && listOut.includes('@@kiln security') ? listOut.slice(0, listOut.indexOf('@@kiln security')) : listOut;
    const text = own.join('\n');
    // Nothing cached to list from after a failed refresh (dnf -C on a fresh container): the refresh's error says why.
    const why = error && refreshCode !== 0 ? error.replace('; versions are from the last refresh.', '; no package list yet.') : null;
    return { family, osId, packages: null, error: lockMessage(text) ?? why ?? `Listing upgrades failed (exit ${listCode}): ${text.trim().split('\n').pop() ?? ''}`.trim() };
  }
  const packages: PendingPackage[] = family === 'dnf' ? parseDnf(listOut) : [];
  for (const line of family === 'dnf' ? [] : listOut) {
    if (family === 'apt') {
      const m = APT_INST.exec(line);
      if (m) packages.push({ name: m[1]!, current: m[2]!, next: m[3]!, security: /-security|Debian-Security/i.test(m[4] ?? '') });
    } else if (family === 'apk') {
      const m = APK_LINE.exec(line);
      if (m) packages.push({ name: m[1]!, current: m[2]!, next: m[3]!, security: false });
    }
  }
  packages.sort((a, b) => Number(b.security) - Number(a.security) || a.name.localeCompare(b.name));
  return { family, osId, packages, error };
}
