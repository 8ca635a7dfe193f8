/**
 * Pick the container OS image for a template's `os` from what a node offers: volids of its
 * `vztmpl` storages (`local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`) or aplinfo
 * template names (`debian-12-standard_12.7-1_amd64.tar.zst`). Pure.
 */
import type { OsSpec } from './schema/template';

export interface OsImageName {
  distribution: string;
  /** `12`, `24.04`, `3.20` */
  version: string;
  /** `standard`, `default`, `turnkey-wordpress`, ... */
  variant: string;
  /** The image's own version: `12.7-1`, `20240908` */
  build: string;
  arch: string;
}

/** `<dist>-<version>-<variant>_<build>_<arch>.tar.<gz|xz|zst|bz2>`, as PVE's aplinfo names them. */
const IMAGE = /^([a-z][a-z0-9]*)-([0-9][0-9a-z.]*)-([a-z0-9][a-z0-9-]*)_([^_/]+)_([a-z0-9]+)\.tar\.(?:gz|xz|zst|bz2)$/;

/** Parse a volid or a file name; undefined when it does not follow the naming scheme. */
export function parseOsImageName(nameOrVolid: string): OsImageName | undefined {
  const file = nameOrVolid.replace(/^[^:]+:(?:vztmpl\/)?/, '').replace(/^.*\//, '');
  const m = IMAGE.exec(file);
  if (!m) return undefined;
  const [, distribution = '', version = '', variant = '', build = '', arch = ''] = m;
  return { distribution, version, variant, build, arch };
}

/** Compare dotted/dashed versions number by number (`12.10-1` > `12.7-1`, `20240908` > `20231010`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[^0-9a-z]+/i);
  const pb = b.split(/[^0-9a-z]+/i);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const d = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return d;
  }
  return 0;
}

const BASE_VARIANTS = ['standard', 'default'];

function matches(os: Pick<OsSpec, 'distribution' | 'version' | 'variant' | 'arch'>, img: OsImageName): boolean {
  if (img.distribution !== os.distribution || img.arch !== (os.arch ?? 'amd64')) return false;
  // "12" matches 12 and 12.x images; "24.04" matches only 24.04.
  if (img.version !== os.version && !img.version.startsWith(`${os.version}.`)) return false;
  return os.variant ? img.variant === os.variant : BASE_VARIANTS.includes(img.variant);
}

/**
 * The newest image in `available` for `os` (by OS version, then image build), or undefined.
 * Returns the entry as given, so a volid stays a volid and an aplinfo name stays a name.
 */
export function matchOsTemplate(os: Pick<OsSpec, 'distribution' | 'version'> & Partial<Pick<OsSpec, 'variant' | 'arch'>>, available: readonly string[]): string | undefined {
  let best: { entry: string; img: OsImageName } | undefined;
  for (const entry of available) {
    const img = parseOsImageName(entry);
    if (!img || !matches({ arch: 'amd64', ...os }, img)) continue;
    if (!best || compareVersions(img.version, best.img.version) > 0 || (img.version === best.img.version && compareVersions(img.build, best.img.build) > 0)) {
      best = { entry, img };
    }
  }
  return best?.entry;
}
