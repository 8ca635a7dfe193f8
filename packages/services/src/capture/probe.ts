/**
 * The read-only probe a capture runs in a container (one `pct exec`, like the update check): the
 * OS from /etc/os-release, the package database with the family's own tool (`dpkg-query`,
 * `apk info`, `rpm -qa`) and the enabled service unit files (`systemctl list-unit-files
 * --state=enabled`), each part framed by `@@kiln` marker lines so the parser never guesses. Unit
 * files written by hand under /etc/systemd/system are listed apart: no package brings them.
 */
import { familyOf, type CaptureFamily } from './base-images';

const SCRIPT = `export LC_ALL=C
ID=; ID_LIKE=; VERSION_ID=
[ -r /etc/os-release ] && . /etc/os-release
echo "@@kiln os \${ID:-unknown} \${VERSION_ID:-none} \${ID_LIKE:-}"
echo "@@kiln packages"
case " \${ID:-} \${ID_LIKE:-} " in
*" debian "*|*" ubuntu "*) dpkg-query -W -f '\${Package}\\t\${Status}\\t\${Priority}\\n';;
*" alpine "*) apk info;;
*" fedora "*|*" rhel "*|*" centos "*|*" rocky "*) rpm -qa --qf '%{NAME}\\n';;
*) false;;
esac
echo "@@kiln end $?"
echo "@@kiln units"
systemctl list-unit-files --state=enabled --no-legend --no-pager 2>/dev/null
echo "@@kiln end $?"
echo "@@kiln local"
for f in /etc/systemd/system/*.service; do [ -f "$f" ] && [ ! -L "$f" ] && echo "\${f##*/}"; done
echo "@@kiln end 0"`;

/** The argv of the probe (a constant script: nothing of the container's is interpolated on Kiln's side). */
export const PROBE_ARGV: readonly string[] = ['/bin/sh', '-c', SCRIPT];

export interface ProbeResult {
  osId: string | null;
  osVersion: string | null;
  family: CaptureFamily | null;
  /** Installed package names (Debian: only those dpkg has installed, with `required`/`important` ones marked). */
  packages: string[];
  /** Debian packages of priority `required` or `important`: part of every image. */
  essential: string[];
  /** Enabled `*.service` unit files. */
  services: string[];
  /** Unit files under /etc/systemd/system that are files of their own (not links to a package's). */
  localUnits: string[];
  /** Why the probe could not tell (shown as the operation's failure). */
  error: string | null;
}

function section(lines: string[], name: string): { body: string[]; code: number } | null {
  const at = lines.indexOf(`@@kiln ${name}`);
  if (at < 0) return null;
  const end = lines.findIndex((l, i) => i > at && l.startsWith('@@kiln end '));
  if (end < 0) return null;
  return { body: lines.slice(at + 1, end), code: Number(lines[end]!.slice('@@kiln end '.length)) };
}

/** A service unit name as systemd prints it: `nginx.service`, `getty@.service`. */
const SERVICE_UNIT = /^[A-Za-z0-9:_.@\\-]+\.service$/;
const PACKAGE = /^[a-z0-9][a-z0-9+._-]*$/i;

export function parseProbe(stdout: string): ProbeResult {
  const lines = stdout.split('\n').map((l) => l.replace(/\r$/, ''));
  const os = /^@@kiln os (\S+) (\S+) ?(.*)$/m.exec(stdout);
  const osId = os?.[1] && os[1] !== 'unknown' ? os[1] : null;
  const osVersion = os?.[2] && os[2] !== 'none' ? os[2] : null;
  const family = osId ? familyOf(osId, os?.[3] ?? '') : null;
  const empty = { osId, osVersion, family, packages: [], essential: [], services: [], localUnits: [] };
  if (!os) return { ...empty, error: 'The container did not answer the probe (no /bin/sh?).' };
  if (!family) return { ...empty, error: `Kiln cannot capture "${osId ?? 'an unknown OS'}": it knows the images of Debian, Ubuntu, Alpine, Fedora and Rocky Linux.` };
  const pk = section(lines, 'packages');
  if (!pk || pk.code !== 0) return { ...empty, error: `Reading the package database failed (exit ${pk?.code ?? 'unknown'}).` };
  const packages: string[] = [];
  const essential: string[] = [];
  for (const line of pk.body) {
    if (!line.trim()) continue;
    if (family === 'debian') {
      const [name = '', status = '', priority = ''] = line.split('\t');
      // Only what dpkg calls installed: removed packages keep their config files ("deinstall ok config-files").
      if (!status.endsWith(' installed') || status.startsWith('deinstall')) continue;
      if (!PACKAGE.test(name)) continue;
      packages.push(name);
      if (priority === 'required' || priority === 'important') essential.push(name);
    } else if (PACKAGE.test(line.trim())) packages.push(line.trim());
  }
  const units = section(lines, 'units');
  const services = (units?.body ?? [])
    .map((l) => l.trim().split(/\s+/))
    .filter(([unit, state]) => unit && SERVICE_UNIT.test(unit) && state === 'enabled')
    .map(([unit]) => unit!);
  const local = section(lines, 'local');
  const localUnits = (local?.body ?? []).map((l) => l.trim()).filter((u) => SERVICE_UNIT.test(u));
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return { osId, osVersion, family, packages: uniq(packages), essential: uniq(essential), services: uniq(services), localUnits: uniq(localUnits), error: null };
}
