/**
 * The app version half of an update check: for containers Kiln created from a template with
 * `appVersion`, its two read-only commands run after the OS package check (whose `apt-get update`
 * makes the "latest" fresh), over the same pooled SSH connection. Worker only: it holds SSH.
 */
import { appUpdateAvailable, appVersionSchema, readVersion, renderAppVersion, type RenderedAppVersion, type RenderedVersionCommand, type VersionReading } from '@kiln/core/templates';
import { isAppError } from '@kiln/core';
import type { Db } from '@kiln/db';
import { isSshError, type NodeSsh } from '@kiln/ssh';
import { clusterKeyOf } from '../inventory/clusters';

export interface AppVersionResult {
  name: string;
  installed: string | null;
  latest: string | null;
  /** "installed: exited with 127: ..." ; null when both versions were read. */
  error: string | null;
}

/** What pages show of it. */
export interface AppVersionView extends AppVersionResult {
  /** A newer version than the installed one is available. */
  update: boolean;
}

export const targetKey = (t: { clusterKey: string; vmid: number }) => `${t.clusterKey}|${t.vmid}`;

/**
 * The appVersion commands of the template each target was created from by Kiln, by targetKey; a
 * target without one (not Kiln's, or its template declares none) is absent. One query per batch.
 */
export async function appVersionSpecs(db: Db, targets: readonly { clusterKey: string; vmid: number }[]): Promise<Map<string, RenderedAppVersion | null>> {
  const out = new Map<string, RenderedAppVersion | null>();
  if (!targets.length) return out;
  const wanted = new Set(targets.map(targetKey));
  const rows = await db.container.findMany({
    where: { vmid: { in: [...new Set(targets.map((t) => t.vmid))] }, lifecycle: 'ready', deletedAt: null },
    select: { vmid: true, node: { select: { id: true, userId: true, clusterName: true } }, template: { select: { spec: true } } },
    // Oldest first: a VMID used again by a newer Kiln container ends with that one's template.
    orderBy: { createdAt: 'asc' },
  });
  for (const r of rows) {
    const key = targetKey({ clusterKey: clusterKeyOf(r.node), vmid: r.vmid });
    if (!wanted.has(key)) continue;
    const spec = r.template?.spec && typeof r.template.spec === 'object' ? (r.template.spec as Record<string, unknown>)['appVersion'] : undefined;
    const parsed = spec === undefined ? undefined : appVersionSchema.safeParse(spec);
    out.set(key, parsed?.success ? (renderAppVersion(parsed.data) ?? null) : null);
  }
  return out;
}

async function readOne(ssh: NodeSsh, vmid: number, c: RenderedVersionCommand, timeoutMs: number): Promise<VersionReading> {
  try {
    const r = await ssh.pctExec(vmid, c.exec.argv, { stdin: c.exec.stdin, timeout: timeoutMs });
    return readVersion(r, c.match);
  } catch (e) {
    if (isSshError(e, 'timeout')) return { ok: false, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` };
    if (isSshError(e) || isAppError(e)) return { ok: false, reason: e.message };
    return { ok: false, reason: 'failed unexpectedly (see the worker log)' };
  }
}

/** Runs the installed and the latest command; a version that cannot be read is a reason, never a guess. */
export async function detectAppVersion(ssh: NodeSsh, vmid: number, app: RenderedAppVersion): Promise<AppVersionResult> {
  const installed = await readOne(ssh, vmid, app.installed, app.timeoutMs);
  const latest = await readOne(ssh, vmid, app.latest, app.timeoutMs);
  const errors = [installed.ok ? undefined : `installed: ${installed.reason}`, latest.ok ? undefined : `latest: ${latest.reason}`].filter((e) => e !== undefined);
  return { name: app.name, installed: installed.ok ? installed.version : null, latest: latest.ok ? latest.version : null, error: errors.length ? errors.join('; ') : null };
}

/** The stored columns as pages show them; null when the container has no app version check. */
export function appVersionView(row: { appName: string | null; appInstalled: string | null; appLatest: string | null; appError: string | null }): AppVersionView | null {
  if (!row.appName) return null;
  return { name: row.appName, installed: row.appInstalled, latest: row.appLatest, error: row.appError, update: appUpdateAvailable(row.appInstalled, row.appLatest) };
}
