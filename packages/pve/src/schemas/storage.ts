import { z } from 'zod';
import { opt, pveBool, pveInt, pveList, pveNumber } from './primitives';

// Inactive or disabled storages omit total/used/avail: they stay undefined, never 0.
export const storageSchema = z.object({
  storage: z.string(),
  type: z.string(),
  content: pveList,
  active: pveBool.optional().default(false),
  enabled: pveBool.optional().default(true),
  shared: pveBool.optional().default(false),
  total: opt(pveInt),
  used: opt(pveInt),
  avail: opt(pveInt),
  used_fraction: opt(pveNumber),
});
export const storageListSchema = z.array(storageSchema);
export type PveStorage = z.infer<typeof storageSchema>;

export const storageStatusSchema = storageSchema.omit({ storage: true, used_fraction: true });
export type PveStorageStatus = z.infer<typeof storageStatusSchema>;

export const storageContentSchema = z.object({
  volid: z.string(),
  content: opt(z.string()),
  format: opt(z.string()),
  size: opt(pveInt),
  used: opt(pveInt),
  ctime: opt(pveInt),
  vmid: opt(pveInt), // lvmthin lists send it as a string
  parent: opt(z.string()),
  notes: opt(z.string()),
  protected: opt(pveBool),
  /** Backups: `lxc` or `qemu`. */
  subtype: opt(z.string()),
  /** Backups on PBS: the last verification. */
  verification: opt(z.object({ state: z.string(), upid: opt(z.string()) })),
});
export const storageContentListSchema = z.array(storageContentSchema);
export type PveStorageContent = z.infer<typeof storageContentSchema>;

/**
 * `oci-registry-pull`'s `reference` (PVE 9.1 schema pattern): `[registry[:port]/]name[/name...]:tag`,
 * the tag required. The same pattern checks the field in Kiln's form before PVE sees it.
 */
export const OCI_REFERENCE_PATTERN =
  /^(?:(?:[a-zA-Z\d]|[a-zA-Z\d][a-zA-Z\d-]*[a-zA-Z\d])(?:\.(?:[a-zA-Z\d]|[a-zA-Z\d][a-zA-Z\d-]*[a-zA-Z\d]))*(?::\d+)?\/)?[a-z\d]+(?:(?:[._]|__|[-]*)[a-z\d]+)*(?:\/[a-z\d]+(?:(?:[._]|__|[-]*)[a-z\d]+)*)*:\w[\w.-]{0,127}$/;

/** `/nodes/{node}/aplinfo`: the downloadable appliance templates (the schema leaves items untyped). */
export const aplinfoSchema = z.object({
  template: z.string(),
  package: opt(z.string()),
  os: opt(z.string()),
  version: opt(z.string()),
  section: opt(z.string()),
  type: opt(z.string()),
  headline: opt(z.string()),
  description: opt(z.string()),
  source: opt(z.string()),
  location: opt(z.string()),
  infopage: opt(z.string()),
  architecture: opt(z.string()),
  maintainer: opt(z.string()),
  sha512sum: opt(z.string()),
  md5sum: opt(z.string()),
  manageurl: opt(z.string()),
});
export const aplinfoListSchema = z.array(aplinfoSchema);
export type PveAplInfo = z.infer<typeof aplinfoSchema>;
