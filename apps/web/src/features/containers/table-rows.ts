import type { InventoryRow } from '@kiln/services';

/**
 * What the containers table needs of one row, and nothing more: the table is a client
 * component, so these objects are what the page sends (100 of them by default, not the 900
 * inventory rows with their Kiln bookkeeping).
 */
export interface TableRow {
  nodeId: string;
  vmid: number;
  name: string;
  node: string;
  status: string;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  tags: string[];
  /** `slug version` of the Kiln template the container came from. */
  template?: string;
  /** A Kiln creation not yet ready: its running step, `queued` or `creation failed`. */
  progress?: string;
  /** Rows being created take no bulk actions. */
  selectable: boolean;
}

/** Leaves absent values out rather than sending them as `undefined`. */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function toTableRow(r: InventoryRow): TableRow {
  const k = r.kiln;
  return defined<TableRow>({
    nodeId: r.nodeId,
    vmid: r.vmid,
    name: r.name,
    node: r.node,
    status: r.status,
    cpu: r.cpu,
    maxcpu: r.maxcpu,
    mem: r.mem,
    maxmem: r.maxmem,
    disk: r.disk,
    maxdisk: r.maxdisk,
    uptime: r.uptime,
    tags: r.tags,
    template: k?.templateSlug ? `${k.templateSlug} ${k.templateVersion ?? ''}`.trim() : undefined,
    progress: !k || k.lifecycle === 'ready' ? undefined : k.lifecycle === 'creating' ? k.step ?? 'queued' : 'creation failed',
    selectable: k?.lifecycle !== 'creating',
  });
}
