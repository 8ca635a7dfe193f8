import { pveDie } from '../http/errors';
import { archiveFormat, APL_CATALOG, PRELOADED_TEMPLATES } from './catalog';
import { unit } from './hash';
import type { StateStore } from './store';
import type { NodeRecord, VolumeRecord } from './types';

/** A storage definition (`/etc/pve/storage.cfg`), the same on every node as on a default install. */
export interface StorageDef {
  id: string;
  type: 'dir' | 'lvmthin';
  /** Sorted like `content_hash_to_string`. */
  content: readonly string[];
  shared: 0 | 1;
  total: (node: NodeRecord) => number;
  /** Space used by things other than our volumes (OS files, metadata). */
  baseUsed: (node: NodeRecord) => number;
}

const GiB = 1024 ** 3;

/**
 * Whether `local` also holds container volumes (content `rootdir,images` added in Datacenter >
 * Storage, as on single-disk installs without local-lvm). Off like a default install; the
 * simulator's `localRootdir` option turns it on for the process (storage.cfg is static here).
 */
let localHoldsContainers = false;
export function setLocalHoldsContainers(on: boolean): void {
  localHoldsContainers = on;
}

export const STORAGES: readonly StorageDef[] = [
  {
    id: 'local',
    type: 'dir',
    get content() {
      return localHoldsContainers ? ['backup', 'images', 'iso', 'rootdir', 'vztmpl'] : ['backup', 'iso', 'vztmpl'];
    },
    shared: 0,
    total: (n) => n.rootTotal,
    baseUsed: (n) => Math.round(n.rootTotal * (0.06 + 0.04 * unit(n.name, 'root'))),
  },
  {
    id: 'local-lvm',
    type: 'lvmthin',
    content: ['images', 'rootdir'],
    shared: 0,
    total: (n) => Math.round(n.rootTotal * 3.6),
    baseUsed: () => Math.round(0.02 * GiB),
  },
];

export function storageDef(id: string): StorageDef | undefined {
  return STORAGES.find((s) => s.id === id);
}

/** `storage_check_enabled`: the storage must exist (all simulated storages are enabled everywhere). */
export function requireStorage(id: string): StorageDef {
  const def = storageDef(id);
  if (!def) throw pveDie(`storage '${id}' does not exist`);
  return def;
}

/** Thin volumes only use part of their size; deterministic per volume. */
const thinUsage = (v: VolumeRecord): number => Math.round(v.size * (0.08 + 0.3 * unit(v.volname, 'thin')));

export class StorageService {
  constructor(private readonly store: StateStore) {}

  volumes(node: string, storage: string): VolumeRecord[] {
    const byNode = (this.store.state.volumes[node] ??= {});
    return (byNode[storage] ??= []);
  }

  /** Puts the preloaded templates on a new node's `local` storage. */
  initNode(node: NodeRecord, now: number): void {
    const list = this.volumes(node.name, 'local');
    for (const file of PRELOADED_TEMPLATES) {
      if (list.some((v) => v.volname === `vztmpl/${file}`)) continue;
      const apl = APL_CATALOG.find((a) => a.template === file);
      list.push({ volname: `vztmpl/${file}`, content: 'vztmpl', format: archiveFormat(file), size: apl?.size ?? 100_000_000, ctime: Math.floor(now / 1000) - 86400 * 30 });
    }
  }

  usage(node: NodeRecord, def: StorageDef): { total: number; used: number; avail: number } {
    const total = def.total(node);
    const vols = this.volumes(node.name, def.id);
    const fill = this.store.state.storageFill?.[node.name]?.[def.id] ?? 0;
    const used = Math.min(total, def.baseUsed(node) + fill + vols.reduce((sum, v) => sum + (def.type === 'lvmthin' ? thinUsage(v) : v.size), 0));
    return { total, used, avail: total - used };
  }

  findVolume(node: string, volid: string): { storage: string; volume: VolumeRecord } | undefined {
    const idx = volid.indexOf(':');
    if (idx < 0) return undefined;
    const storage = volid.slice(0, idx);
    const volume = this.volumes(node, storage).find((v) => v.volname === volid.slice(idx + 1));
    return volume ? { storage, volume } : undefined;
  }

  /**
   * Allocates `vm-<vmid>-disk-<n>` (the lowest free n) and returns its volume id. On a `dir`
   * storage the volume is a raw file in the guest's directory: `<vmid>/vm-<vmid>-disk-<n>.raw`.
   */
  allocDisk(node: string, storage: string, vmid: number, size: number, content: 'rootdir' | 'images'): string {
    const list = this.volumes(node, storage);
    const file = storageDef(storage)?.type === 'dir';
    const name = (n: number) => (file ? `${vmid}/vm-${vmid}-disk-${n}.raw` : `vm-${vmid}-disk-${n}`);
    // one pass over the storage's volumes, not one per candidate name
    const used = new Set(list.map((v) => v.volname));
    let n = 0;
    while (used.has(name(n))) n++;
    list.push({ volname: name(n), content, format: 'raw', size, ctime: Math.floor(Date.now() / 1000), vmid });
    this.store.markDirty();
    return `${storage}:${name(n)}`;
  }

  /** Adds a named volume (`POST .../content`); fails like PVE when it exists. */
  allocNamed(node: string, storage: string, vmid: number, name: string, size: number): string {
    const list = this.volumes(node, storage);
    if (list.some((v) => v.volname === name)) throw pveDie(`volume '${storage}:${name}' already exists`);
    list.push({ volname: name, content: 'images', format: 'raw', size, ctime: Math.floor(Date.now() / 1000), vmid });
    this.store.markDirty();
    return `${storage}:${name}`;
  }

  freeVolume(node: string, volid: string): boolean {
    const found = this.findVolume(node, volid);
    if (!found) return false;
    const list = this.volumes(node, found.storage);
    list.splice(list.indexOf(found.volume), 1);
    this.store.markDirty();
    return true;
  }

  /** A file put into a directory storage (upload): replaces one of the same name. */
  putFile(node: string, storage: string, volume: VolumeRecord): void {
    const list = this.volumes(node, storage);
    const idx = list.findIndex((v) => v.volname === volume.volname);
    if (idx >= 0) list.splice(idx, 1, volume);
    else list.push(volume);
    this.store.markDirty();
  }

  addTemplate(node: string, storage: string, file: string, size: number): void {
    const list = this.volumes(node, storage);
    const volname = `vztmpl/${file}`;
    const existing = list.find((v) => v.volname === volname);
    if (existing) Object.assign(existing, { ctime: Math.floor(Date.now() / 1000), size });
    else list.push({ volname, content: 'vztmpl', format: archiveFormat(file), size, ctime: Math.floor(Date.now() / 1000) });
    this.store.markDirty();
  }
}
