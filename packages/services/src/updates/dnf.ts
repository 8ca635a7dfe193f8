/**
 * Reads what the dnf part of the update check printed (Fedora with dnf5, Rocky/RHEL/Alma with
 * dnf 4): `dnf check-update` names each upgrade and its new version only, `dnf updateinfo list
 * --security` which of them carry a security advisory, `rpm -qa` the installed versions.
 */
import type { PendingPackage } from './detect';

/** The shell of the dnf part: refresh, then the three lists read from the fresh cache (-C), framed like the rest of the check. */
export const DNF_CHECK = `out=$(dnf -q -y --refresh makecache 2>&1); rc=$?
  echo "@@kiln refresh $rc"; [ $rc -eq 0 ] || printf '%s\\n' "$out" | tail -n 8
  echo "@@kiln list dnf"; dnf -q -C check-update 2>&1; rc=$?
  echo "@@kiln security"; dnf -q -C updateinfo list --security 2>&1
  echo "@@kiln installed"; rpm -qa --qf '%{NAME}.%{ARCH} %{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n' 2>&1
  echo "@@kiln end $rc"`;

/** `[epoch:]version-release`, as dnf prints one (epoch only when not 0). */
const EVR = /^(?:\d+:)?[^\s:-]+-[^\s:-]+$/;
/** name-[epoch:]version-release.arch (updateinfo's package column). */
const NEVRA = /^(.+)-(?:\d+:)?[^-:]+-[^-]+\.([^.]+)$/;

const dropZeroEpoch = (evr: string) => evr.replace(/^0:/, '');
const newer = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) > 0;

/**
 * `check-update` rows: dnf 4 starts with a blank line and wraps a long name onto a line of its own;
 * dnf5 prints a table and a blank line after it. Both end the upgrades where obsoletes begin.
 */
function readUpgrades(lines: string[]): { na: string; evr: string; repo: string }[] {
  const end = lines.findIndex((l) => /^Obsoleting packages/i.test(l.trim()));
  const tokens = (end < 0 ? lines : lines.slice(0, end)).join(' ').split(/\s+/).filter(Boolean);
  const rows: { na: string; evr: string; repo: string }[] = [];
  for (let i = 0; i + 2 < tokens.length;) {
    const [na = '', evr = '', repo = ''] = tokens.slice(i, i + 3);
    if (na.includes('.') && EVR.test(evr)) {
      rows.push({ na, evr, repo });
      i += 3;
    } else i += 1;
  }
  return rows;
}

/** The `name.arch` of every package updateinfo names (dnf 4 `ID Severity/Sec. NEVRA`, dnf5 a table with a header). */
function readAdvisoryPackages(lines: string[]): Set<string> {
  const out = new Set<string>();
  for (const token of lines.join(' ').split(/\s+/)) {
    const m = NEVRA.exec(token);
    if (m) out.add(`${m[1]}.${m[2]}`);
  }
  return out;
}

/** `name.arch E:V-R` lines of rpm -qa; an install-only package (kernel) counts with its newest version. */
function readInstalled(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const m = /^(\S+)\s+(\S+)$/.exec(line.trim());
    if (!m) continue;
    const evr = dropZeroEpoch(m[2]!);
    const had = out.get(m[1]!);
    if (!had || newer(evr, had)) out.set(m[1]!, evr);
  }
  return out;
}

/** The upgrades the dnf part lists, from the lines between `@@kiln list dnf` and `@@kiln end`. */
export function parseDnf(lines: string[]): PendingPackage[] {
  const securityAt = lines.indexOf('@@kiln security');
  const installedAt = lines.indexOf('@@kiln installed');
  const upgrades = readUpgrades(lines.slice(0, securityAt < 0 ? undefined : securityAt));
  const security = securityAt < 0 ? new Set<string>() : readAdvisoryPackages(lines.slice(securityAt + 1, installedAt < 0 ? undefined : installedAt));
  const installed = installedAt < 0 ? new Map<string, string>() : readInstalled(lines.slice(installedAt + 1));
  return upgrades.map(({ na, evr }) => ({ name: na.slice(0, na.lastIndexOf('.')), current: installed.get(na) ?? '?', next: evr, security: security.has(na) }));
}
