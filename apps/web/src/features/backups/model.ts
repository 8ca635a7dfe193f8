import { describeCalendarEvent, nextEvent, nextEvents, parseCalendarEvent } from '@kiln/core/calendar';
import type { BackupArchive, BackupFailure, BackupJobView, BackupsView, InventoryRow, NodeRole } from '@kiln/services';

/**
 * The Backups page's rows, derived from the worker's cached catalogs and the inventory snapshot
 * (pure: no I/O, unit tested). Everything is computed per cluster once per view.
 */

export interface ArchiveRow extends BackupArchive {
  clusterLabel: string;
  /** The registered node actions go through. */
  nodeId: string;
  access: NodeRole;
  guestName?: string;
  /** The container that archive belongs to still exists (overwrite-restore is possible). */
  guestExists: boolean;
  guestStatus?: string;
}

export interface JobRow extends BackupJobView {
  clusterLabel: string;
  nodeId: string;
  access: NodeRole;
  preview: string;
  nextRuns: number[];
  lastResult: { state: 'ok' | 'partial' | 'missing' | 'unknown'; text: string };
}

export interface CoverageWarning {
  nodeId: string;
  vmid: number;
  name: string;
  guest: 'lxc' | 'qemu';
  reasons: string[];
}

export interface BackupsModel {
  archives: ArchiveRow[];
  jobs: JobRow[];
  warnings: CoverageWarning[];
  clusters: Array<{
    label: string;
    nodeId: string;
    access: NodeRole;
    fetchedAt: number | null;
    error?: string;
    jobsReadable: boolean;
    unreachable: string[];
    /** Resource pools a job can select; null when the token may not list them (no Pool.Audit). */
    pools: string[] | null;
  }>;
  /** Per registered node: backup storages per PVE node, and disk storages for restores. */
  storages: Record<string, { backup: Array<{ pveNode: string; storage: string; shared: boolean }>; disk: Array<{ pveNode: string; storage: string }> }>;
  maxAgeDays: number;
}

/** The last time the event fired at or before `now` (looking back up to a year). */
export function previousRun(schedule: string, now: number): number | undefined {
  let event;
  try {
    event = parseCalendarEvent(schedule);
  } catch {
    return undefined;
  }
  for (const back of [2, 32, 366]) {
    let at = now - back * 86_400_000;
    let last: number | undefined;
    for (let i = 0; i < 5000; i++) {
      const n = nextEvent(event, at);
      if (n === undefined || n > now) break;
      last = n;
      at = n;
    }
    if (last !== undefined) return last;
  }
  return undefined;
}

function safePreview(schedule: string, now: number): { preview: string; nextRuns: number[] } {
  try {
    return { preview: describeCalendarEvent(schedule), nextRuns: nextEvents(parseCalendarEvent(schedule), now, 3) };
  } catch {
    return { preview: `Kiln cannot read this schedule (${schedule}).`, nextRuns: [] };
  }
}

const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * A job's last result, read from the archives: did each guest (container or VM) it selects get an archive on
 * its storage since its last scheduled run? (PVE keeps no per-job result in its API.)
 */
export function jobLastResult(job: BackupJobView, guests: number[] | undefined, archives: BackupArchive[], now: number, failures: readonly BackupFailure[] = []): JobRow['lastResult'] {
  if (!job.enabled) return { state: 'unknown', text: 'Disabled.' };
  const prev = previousRun(job.schedule, now);
  if (prev === undefined) return { state: 'unknown', text: 'Has not been due yet.' };
  if (!guests) return { state: 'unknown', text: `Last due ${fmt(prev)} UTC (pool members are not known to Kiln).` };
  if (guests.length === 0) return { state: 'unknown', text: 'Selects no guest.' };
  const since = Math.floor(prev / 1000) - 300;
  const done = guests.filter((vmid) => archives.some((a) => a.vmid === vmid && a.storage === job.storage && a.ctime >= since));
  if (done.length === guests.length) return { state: 'ok', text: `All ${guests.length} have a backup since the run due ${fmt(prev)} UTC.` };
  // What PVE's task logs say about the others since that run (the task of a job run lists each failed guest).
  const failed = failures.filter((f) => f.at >= since && guests.includes(f.vmid) && !done.includes(f.vmid));
  const why = failed.length ? ` Failed: ${failed.map((f) => `${f.vmid} (${f.reason})`).join(', ')}.` : '';
  if (done.length > 0) return { state: 'partial', text: `${done.length} of ${guests.length} have a backup since the run due ${fmt(prev)} UTC.${why}` };
  return { state: 'missing', text: `No backup since the run due ${fmt(prev)} UTC.${why}` };
}

export function backupsModel(view: BackupsView, rows: InventoryRow[], now = Date.now(), only?: { nodeId: string; vmid: number }): BackupsModel {
  const model: BackupsModel = { archives: [], jobs: [], warnings: [], clusters: [], storages: {}, maxAgeDays: view.maxAgeDays };
  const maxAgeS = view.maxAgeDays * 86_400;
  for (const c of view.clusters) {
    const cat = c.catalog;
    model.clusters.push({
      label: c.label,
      nodeId: c.nodeId,
      access: c.access,
      fetchedAt: cat?.fetchedAt ?? null,
      error: cat?.error,
      jobsReadable: cat?.jobs !== null && cat !== null,
      unreachable: cat?.unreachable ?? [],
      pools: cat?.pools ?? null,
    });
    if (!cat) continue;
    // Rows of this cluster by VMID (any registered node of the cluster lists them all).
    const ids = new Set(c.nodeIds);
    const guests = new Map<number, InventoryRow>();
    for (const r of rows) if (ids.has(r.nodeId)) guests.set(r.vmid, r);
    model.storages[c.nodeId] = {
      backup: cat.storages.map((s) => ({ pveNode: s.pveNode, storage: s.storage, shared: s.shared })),
      disk: cat.diskStorages,
    };
    const mine = (vmid: number | null) => !only || (ids.has(only.nodeId) && vmid === only.vmid);
    for (const a of cat.archives) {
      if (!mine(a.vmid)) continue;
      const g = a.vmid !== null ? guests.get(a.vmid) : undefined;
      model.archives.push({ ...a, clusterLabel: c.label, nodeId: c.nodeId, access: c.access, guestName: g?.name, guestExists: !!g, guestStatus: g?.status });
    }
    for (const j of cat.jobs ?? []) {
      // a job backs up VMs as well as containers (PVE's `all`, a pool, chosen VMIDs)
      const selected = j.all ? [...guests.keys()] : j.pool ? undefined : j.vmids;
      if (only && !(ids.has(only.nodeId) && (j.all || j.vmids.includes(only.vmid)))) continue;
      model.jobs.push({
        ...j,
        clusterLabel: c.label,
        nodeId: c.nodeId,
        access: c.access,
        ...safePreview(j.schedule, now),
        lastResult: jobLastResult(j, selected, cat.archives, now, cat.failures ?? []),
      });
    }
    const uncovered = new Set(cat.notBackedUp ?? []);
    const failed = new Map((cat.failures ?? []).map((f) => [f.vmid, f]));
    const newest = new Map<number, number>();
    for (const a of cat.archives) if (a.vmid !== null) newest.set(a.vmid, Math.max(newest.get(a.vmid) ?? 0, a.ctime));
    for (const g of guests.values()) {
      if (!mine(g.vmid)) continue;
      const reasons: string[] = [];
      if (uncovered.has(g.vmid)) reasons.push('No backup job covers it.');
      const last = newest.get(g.vmid);
      if (last === undefined) reasons.push('It has never been backed up.');
      else if (now / 1000 - last > maxAgeS) reasons.push(`Its newest backup is ${Math.floor((now / 1000 - last) / 86_400)} days old (your limit: ${view.maxAgeDays}).`);
      const f = failed.get(g.vmid);
      // A backup PVE ran (its scheduler, its UI) that failed, with no good one since.
      if (f && f.at > (last ?? 0)) reasons.push(`Its last backup failed (${fmt(f.at * 1000)} UTC, ${f.by} on ${f.pveNode}): ${f.reason}`);
      if (reasons.length) model.warnings.push({ nodeId: c.nodeId, vmid: g.vmid, name: g.name, guest: g.type === 'qemu' ? 'qemu' : 'lxc', reasons });
    }
  }
  model.warnings.sort((a, b) => a.vmid - b.vmid);
  return model;
}
