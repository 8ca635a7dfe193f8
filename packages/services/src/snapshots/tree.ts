import type { PveSnapshot } from '@kiln/pve';

/** One line of the snapshot tree, in display order (depth first, oldest first among siblings). */
export interface SnapshotEntry {
  name: string;
  description: string;
  /** Seconds since the epoch; absent for `current`. */
  snaptime?: number;
  parent?: string;
  depth: number;
  /** PVE's `current` entry: where the container is now ("NOW"). */
  current: boolean;
  /** `prepare` or `delete` while a task works on it (or after one failed). */
  snapstate?: string;
  /** A VM snapshot that includes the RAM. */
  vmstate?: boolean;
}

/**
 * Turns PVE's flat list (each snapshot names its parent; `current` is the container itself) into
 * the tree PVE's own GUI draws. A parent that is missing (a broken config) makes its child a root.
 */
export function snapshotTree(list: readonly PveSnapshot[]): SnapshotEntry[] {
  const names = new Set(list.map((s) => s.name));
  const children = new Map<string | undefined, PveSnapshot[]>();
  for (const s of list) {
    const parent = s.parent && names.has(s.parent) && s.parent !== s.name ? s.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  // `current` comes last among its siblings: it is the newest state.
  const order = (a: PveSnapshot, b: PveSnapshot) => Number(a.name === 'current') - Number(b.name === 'current') || (a.snaptime ?? 0) - (b.snaptime ?? 0) || a.name.localeCompare(b.name);
  const out: SnapshotEntry[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | undefined, depth: number) => {
    for (const s of [...(children.get(parent) ?? [])].sort(order)) {
      if (seen.has(s.name)) continue;
      seen.add(s.name);
      const current = s.name === 'current';
      out.push({
        name: s.name,
        description: current ? '' : s.description,
        ...(s.snaptime ? { snaptime: s.snaptime } : {}),
        ...(s.parent ? { parent: s.parent } : {}),
        depth,
        current,
        ...(s.snapstate ? { snapstate: s.snapstate } : {}),
        ...(s.vmstate ? { vmstate: true } : {}),
      });
      if (!current) walk(s.name, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}
