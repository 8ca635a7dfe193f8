import { z } from 'zod';
import { parseTags } from '../property-string';

/**
 * Building blocks for PVE answers. PVE is loose on the wire: numbers arrive as numbers or numeric
 * strings (`"105"`, `"3600.000"`), booleans as 0/1 (sometimes `"1"`), fields are omitted or, rarely,
 * null. These normalize once at the edge so the rest of Kiln sees plain numbers and booleans.
 */

const NUMERIC_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export const pveNumber = z.union([
  z.number(),
  z
    .string()
    .regex(NUMERIC_RE, 'Expected a number')
    .transform((s) => Number(s)),
]);

export const pveInt = pveNumber.pipe(z.number().int());

export const pveBool = z.union([z.boolean(), z.literal(0), z.literal(1), z.literal('0'), z.literal('1')]).transform((v) => v === true || v === 1 || v === '1');

/** Optional and tolerant of null (treated as absent). */
export function opt<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null().transform(() => undefined)]).optional();
}

/** `;`/`,`/space separated tag list -> sorted array; absent -> []. */
export const pveTags = z
  .union([z.string(), z.null()])
  .optional()
  .transform((s) => parseTags(s ?? undefined));

/** Comma separated list (`content: "vztmpl,iso,backup"`) -> array; absent -> []. */
export const pveList = z
  .union([z.string(), z.null()])
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(/[,;\s]+/)
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  );

/** A guest's usage counters, wherever PVE reports them (the node's lists, `status/current`, `/cluster/resources`). */
export const guestCounters = {
  mem: opt(pveInt),
  maxmem: opt(pveInt),
  disk: opt(pveInt),
  maxdisk: opt(pveInt),
  diskread: opt(pveInt),
  diskwrite: opt(pveInt),
  netin: opt(pveInt),
  netout: opt(pveInt),
  uptime: opt(pveInt),
};

/**
 * What PVE reports of every guest, container or VM (`vmstatus`: the list entries and
 * `status/current`); each kind adds its own fields. `vmid` is a string on many releases.
 */
export const guestStatsBase = {
  vmid: pveInt,
  name: opt(z.string()),
  status: z.string(), // running | stopped
  cpu: opt(pveNumber),
  cpus: opt(pveNumber),
  ...guestCounters,
  pid: opt(pveInt),
  lock: opt(z.string()),
  tags: pveTags,
  template: pveBool.optional().default(false),
};

/** The HA state in a guest's `status/current`. */
export const guestHa = opt(z.object({ managed: pveBool.optional().default(false), state: opt(z.string()) }));
