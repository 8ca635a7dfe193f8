import type { ContainerRecord } from '../state/types';
import { configFileText, configForApi } from './config-schema';

/**
 * PVE's `[pve:pending]` section for containers. A running container takes some changes live
 * (`vmconfig_hotplug_pending`: cgroup limits, network devices, new mount points and the options PVE calls fast-plug);
 * everything else waits in the pending section until the container stops (the poststop hook
 * applies it), so the next start runs with it. A stopped container applies everything at once.
 */
const HOT = new Set(['cores', 'cpulimit', 'cpuunits', 'memory', 'swap', 'description', 'onboot', 'startup', 'protection', 'tags', 'lock']);

export function appliesLive(key: string): boolean {
  return HOT.has(key) || /^net\d+$/.test(key);
}

/**
 * A running container's update: `desired` is the config with pending values and this request's
 * changes applied. Live keys go into the config now; the others become (or stop being) pending.
 */
export function splitRunningChanges(ct: ContainerRecord, desired: Readonly<Record<string, string>>): void {
  const seen = configWithPendingApplied(ct);
  const pending = (ct.pending ??= {});
  const pendingDelete = new Set(ct.pendingDelete ?? []);
  for (const key of new Set([...Object.keys(seen), ...Object.keys(desired)])) {
    const value = desired[key];
    if (seen[key] === value) continue;
    delete pending[key];
    pendingDelete.delete(key);
    // `vmconfig_hotplug_pending` plugs a new mount point into the running container, never over an existing one.
    const newMount = /^mp\d+$/.test(key) && value !== undefined && ct.config[key] === undefined;
    if (appliesLive(key) || newMount) {
      if (value === undefined) delete ct.config[key];
      else ct.config[key] = value;
    } else if (value === undefined) {
      if (ct.config[key] !== undefined) pendingDelete.add(key);
    } else if (ct.config[key] !== value) {
      pending[key] = value;
    }
  }
  ct.pendingDelete = [...pendingDelete];
  tidy(ct);
}

/** `revert`: forgets pending changes of the given keys. */
export function revertPending(ct: ContainerRecord, keys: readonly string[]): void {
  for (const key of keys) {
    delete ct.pending?.[key];
    ct.pendingDelete = (ct.pendingDelete ?? []).filter((k) => k !== key);
  }
  tidy(ct);
}

/** `vmconfig_apply_pending`, run when the container stops. */
export function applyPending(ct: ContainerRecord): void {
  if (!ct.pending && !ct.pendingDelete) return;
  for (const key of ct.pendingDelete ?? []) delete ct.config[key];
  Object.assign(ct.config, ct.pending ?? {});
  delete ct.pending;
  delete ct.pendingDelete;
}

function tidy(ct: ContainerRecord): void {
  if (ct.pending && Object.keys(ct.pending).length === 0) delete ct.pending;
  if (ct.pendingDelete && ct.pendingDelete.length === 0) delete ct.pendingDelete;
}

/** The config with pending values applied: what `GET .../config` shows unless `current=1`. */
export function configWithPendingApplied(ct: ContainerRecord): Record<string, string> {
  const out = { ...ct.config };
  for (const key of ct.pendingDelete ?? []) delete out[key];
  return Object.assign(out, ct.pending ?? {});
}

/** The `[pve:pending]` section's text, for the file digest. */
export function pendingSectionText(ct: ContainerRecord): string {
  if (!ct.pending && !ct.pendingDelete) return '';
  const section: Record<string, string> = { ...(ct.pending ?? {}) };
  if (ct.pendingDelete?.length) section['delete'] = ct.pendingDelete.join(',');
  return `\n[pve:pending]\n${configFileText(section)}`;
}

export interface PendingItem {
  key: string;
  value?: unknown;
  pending?: unknown;
  delete?: number;
}

/** `PVE::GuestHelpers::config_with_pending_array`, typed like the config (`check_type`). */
export function pendingArray(ct: ContainerRecord, digest: string): PendingItem[] {
  const current = configForApi(ct.config, digest);
  const pending = configForApi(ct.pending ?? {}, '');
  const deletes = new Set(ct.pendingDelete ?? []);
  const out: PendingItem[] = [];
  for (const [key, value] of Object.entries(current)) {
    const item: PendingItem = { key, value };
    if (ct.pending?.[key] !== undefined) item.pending = pending[key];
    if (deletes.has(key)) item.delete = 1;
    out.push(item);
  }
  for (const key of Object.keys(ct.pending ?? {})) {
    if (current[key] === undefined) out.push({ key, pending: pending[key] });
  }
  for (const key of deletes) {
    if (ct.pending?.[key] === undefined && current[key] === undefined) out.push({ key, delete: 1 });
  }
  return out;
}
