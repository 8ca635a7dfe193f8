import { paramError, pveDie } from '../http/errors';
import type { StorageDef } from './storage';

/**
 * Volume ids as pve-storage parses them (`parse_volume_id`, the plugins' `parse_volname` and
 * `filesystem_path`) for the two simulated storage types: `dir` at /var/lib/vz and `lvmthin` in VG `pve`.
 */
export type VolumeType = 'images' | 'rootdir' | 'iso' | 'vztmpl' | 'backup' | 'snippets' | 'import';

export interface ParsedVolume {
  vtype: VolumeType;
  /** The guest owning it (images, rootdir, `vzdump-lxc-<vmid>-...` backups). */
  ownervm?: number;
  path: string;
  /** What `volume_size_info` reports: `qemu-img info` calls every file here `raw`. */
  format: string;
}

export const ISO_EXT_RE = /\.(?:iso|img)$/i;
/** PVE 9.1 keeps OCI images pulled from a registry as plain `.tar` container templates. */
export const VZTMPL_EXT_RE = /\.tar(?:\.(?:gz|xz|zst|bz2))?$/i;
const BACKUP_EXT_RE = /\.(?:tgz|(?:tar|vma)(?:\.(?:gz|lzo|zst|bz2))?)$/;
const DIR_PATH = '/var/lib/vz';

/** `parse_volume_id`. */
export function parseVolumeId(volid: string): { storage: string; volname: string } {
  const m = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.exec(volid);
  if (!m?.[1] || !m[2]) throw pveDie(`unable to parse volume ID '${volid}'`);
  return { storage: m[1], volname: m[2] };
}

/**
 * `$real_volume_id` of the content API: a full volume id (its storage must match the URI's) or a
 * bare volume name on the URI's storage. Errors are parameter errors on `volume`.
 */
export function realVolumeId(storage: string, volume: string): { volid: string; storage: string; volname: string } {
  if (!volume.includes(':')) return { volid: `${storage}:${volume}`, storage, volname: volume };
  let parsed: { storage: string; volname: string };
  try {
    parsed = parseVolumeId(volume);
  } catch (err) {
    throw paramError({ volume: err instanceof Error ? err.message : String(err) });
  }
  if (parsed.storage !== storage) throw paramError({ volume: `storage ID mismatch (${parsed.storage} != ${storage})\n` });
  return { volid: volume, ...parsed };
}

/** The plugin's `parse_volname` plus `filesystem_path`; dies like PVE on names it cannot parse. */
export function parseVolname(def: StorageDef, volname: string): ParsedVolume {
  if (def.type === 'lvmthin') {
    const m = /^((vm|base)-(\d+)-\S+)$/.exec(volname);
    if (!/^[a-z0-9][a-z0-9\-_.+]*$/i.test(volname) || !m) throw pveDie(`unable to parse lvm volume name '${volname}'`);
    return { vtype: 'images', ownervm: Number(m[3]), path: `/dev/pve/${volname}`, format: 'raw' };
  }
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)\/(\S+)$/.exec(volname))) return { vtype: 'images', ownervm: Number(m[1]), path: `${DIR_PATH}/images/${volname}`, format: 'raw' };
  if ((m = /^iso\/([^/]+)$/.exec(volname)) && ISO_EXT_RE.test(volname)) return { vtype: 'iso', path: `${DIR_PATH}/template/iso/${m[1]}`, format: 'raw' };
  if ((m = /^vztmpl\/([^/]+)$/.exec(volname)) && VZTMPL_EXT_RE.test(volname)) return { vtype: 'vztmpl', path: `${DIR_PATH}/template/cache/${m[1]}`, format: 'raw' };
  if ((m = /^rootdir\/(\d+)$/.exec(volname))) return { vtype: 'rootdir', ownervm: Number(m[1]), path: `${DIR_PATH}/private/${m[1]}`, format: 'subvol' };
  if ((m = /^backup\/([^/]+)$/.exec(volname)) && BACKUP_EXT_RE.test(volname)) {
    const owner = /^vzdump-(?:openvz|lxc|qemu)-(\d+)-.+/.exec(m[1] ?? '')?.[1];
    return { vtype: 'backup', ...(owner ? { ownervm: Number(owner) } : {}), path: `${DIR_PATH}/dump/${m[1]}`, format: 'raw' };
  }
  if ((m = /^snippets\/([^/]+)$/.exec(volname))) return { vtype: 'snippets', path: `${DIR_PATH}/snippets/${m[1]}`, format: 'raw' };
  throw pveDie(`unable to parse directory volume name '${volname}'`);
}
