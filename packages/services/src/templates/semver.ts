/**
 * Semantic Versioning 2.0.0 precedence (semver.org §11) for ordering a template's versions, and
 * the next patch version to suggest when a used version has to stay as it is.
 */

function identifiers(v: string): { core: number[]; pre: string[] } {
  const noBuild = v.split('+')[0] ?? '';
  const dash = noBuild.indexOf('-');
  const core = (dash === -1 ? noBuild : noBuild.slice(0, dash)).split('.').map((n) => Number(n));
  const pre = dash === -1 ? [] : noBuild.slice(dash + 1).split('.');
  return { core, pre };
}

function comparePre(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1; // numeric identifiers have lower precedence
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when a < b, positive when a > b, 0 when equal in precedence (build metadata ignored). */
export function compareSemver(a: string, b: string): number {
  const x = identifiers(a);
  const y = identifiers(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  // A pre-release sorts before its release: 1.0.0-rc.1 < 1.0.0.
  if (x.pre.length === 0 || y.pre.length === 0) return Math.sign(y.pre.length - x.pre.length);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const pa = x.pre[i];
    const pb = y.pre[i];
    if (pa === undefined) return -1;
    if (pb === undefined) return 1;
    const d = comparePre(pa, pb);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** 1.2.3 -> 1.2.4; a pre-release becomes its release (1.3.0-rc.1 -> 1.3.0). */
export function nextPatch(v: string): string {
  const { core, pre } = identifiers(v);
  const [major = 0, minor = 0, patch = 0] = core;
  return pre.length ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
}
