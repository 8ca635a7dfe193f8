import { pveDie } from '../http/errors';
import { parsePerlBoolean } from '../schema/property-string';
import type { Sim } from '../sim';
import { requireStorage } from '../state/storage';
import { configKeySchema, normalizeNetwork, normalizeTags, parseConfigPropertyString, parseMountPoint, printConfigPropertyString } from './config-schema';
import { NEW_DISK_RE } from './perms';

/** `PVE::JSONSchema::format_size`. */
export function formatSize(bytes: number): string {
  const units = ['K', 'M', 'G', 'T'];
  let value = Math.floor(bytes);
  let suffix = '';
  for (const unit of units) {
    if (value % 1024 !== 0) break;
    value /= 1024;
    suffix = unit;
  }
  return `${value}${suffix}`;
}

/** A config value as PVE stores it after `check_type` (booleans as 1/0, integers canonical). */
export function storedValue(key: string, value: string): string {
  const type = configKeySchema(key)?.type;
  if (type === 'boolean') return String(parsePerlBoolean(value) ?? value);
  if (type === 'integer') return String(parseInt(value, 10));
  return value;
}

export interface ApplyContext {
  sim: Sim;
  vmid: number;
  node: string;
  /** True while creating: `unprivileged` may be set and new disks are expected. */
  creating: boolean;
  /** Volumes allocated by this change, so a failed create can free them. */
  allocated: string[];
}

/** Allocates `[storage:]size` mount points; existing volume references are kept as given. */
function applyMountPoint(ctx: ApplyContext, key: string, value: string): string {
  const mp = parseMountPoint(key, value);
  const fresh = NEW_DISK_RE.exec(mp.volume);
  if (!fresh) return printConfigPropertyString(key, mp.options);
  const storage = fresh[1] ?? '';
  const def = requireStorage(storage);
  if (!def.content.includes('rootdir')) {
    throw pveDie(`storage '${storage}' does not support container directories`);
  }
  const bytes = Math.round(Number(fresh[2]) * 1024 ** 3);
  const volid = ctx.sim.storage.allocDisk(ctx.node, storage, ctx.vmid, bytes, 'rootdir');
  ctx.allocated.push(volid);
  return printConfigPropertyString(key, { ...mp.options, volume: volid, size: formatSize(bytes) });
}

/**
 * The core of `update_pct_config`: applies `changes` and `deletes` to `conf` in place, with
 * PVE's normalisation (MACs, `type=veth`, sorted lowercase tags, 1/0 booleans) and refusals.
 */
export function applyConfigChanges(ctx: ApplyContext, conf: Record<string, string>, changes: Readonly<Record<string, string>>, deletes: readonly string[]): void {
  for (const opt of deletes) {
    if (opt === 'hostname' || opt === 'memory' || opt === 'rootfs') throw pveDie(`unable to delete required option '${opt}'`);
    if (opt === 'unprivileged') throw pveDie(`unable to delete read-only option: '${opt}'`);
    const old = conf[opt];
    if (old === undefined) continue;
    delete conf[opt];
    if (/^mp\d+$/.test(opt)) {
      const mp = parseMountPoint(opt, old);
      if (mp.type === 'volume') addUnused(conf, mp.volume);
    } else if (/^unused\d+$/.test(opt)) {
      const volid = parseConfigPropertyString(opt, old)['volume'] ?? '';
      ctx.sim.storage.freeVolume(ctx.node, volid);
    }
  }
  for (const [opt, value] of Object.entries(changes)) {
    if (opt === 'unprivileged' && !ctx.creating) throw pveDie(`unable to modify read-only option: '${opt}'`);
    if (/^net\d+$/.test(opt)) {
      conf[opt] = normalizeNetwork(opt, value);
    } else if (opt === 'tags') {
      conf[opt] = normalizeTags(value);
    } else if (opt === 'features') {
      conf[opt] = printConfigPropertyString(opt, parseConfigPropertyString(opt, value));
    } else if (opt === 'rootfs' || /^mp\d+$/.test(opt)) {
      if (opt === 'rootfs' && !ctx.creating && conf['rootfs']) {
        const current = parseMountPoint('rootfs', conf['rootfs']).volume;
        if (parseMountPoint('rootfs', value).volume !== current) throw pveDie('changing the rootfs volume is not possible - use move_volume');
      }
      conf[opt] = applyMountPoint(ctx, opt, value);
    } else {
      conf[opt] = storedValue(opt, value);
    }
  }
}

function addUnused(conf: Record<string, string>, volid: string): void {
  if (Object.entries(conf).some(([k, v]) => /^unused\d+$/.test(k) && v === volid)) return;
  let n = 0;
  while (conf[`unused${n}`] !== undefined) n++;
  conf[`unused${n}`] = volid;
}
