import type { Db } from '@kiln/db';
import { featurePrivileges, isPveError, lackingPrivileges, type PveClient } from '@kiln/pve';
import { NotFoundError } from '@kiln/core';
import { nodeForRole, type NodeRole } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { pveRefusal } from '../operations/container-runner';
import { imageUsers, templatesUsing, visibleTemplateOses, type ImageUser } from './usage';

export interface OsImage {
  volid: string;
  /** The file name (`debian-12-standard_12.7-1_amd64.tar.zst`). */
  name: string;
  /** `tzst`, `txz`, `tgz`, `tar` (an OCI image). */
  format: string;
  size: number | null;
  /** Seconds since the epoch. */
  ctime: number | null;
  /** Live Kiln containers created from it: deleting it is refused while there are any. */
  usedBy: ImageUser[];
  /** Templates whose OS this image provides (informational: a creation downloads it again). */
  templates: Array<{ slug: string; name: string }>;
}

export interface ImageStorage {
  storage: string;
  type: string;
  shared: boolean;
  avail: number | null;
  total: number | null;
  /** OCI images can be pulled only into file-based storages. */
  fileBased: boolean;
  images: OsImage[];
  /** Why the list could not be read (the rest of the page still shows). */
  error?: string;
}

export interface NodeImages {
  nodeId: string;
  nodeName: string;
  pveNode: string;
  access: NodeRole;
  storages: ImageStorage[];
  /** Optional features the node's token lacks (their buttons say why instead of failing later). */
  unavailable: Array<'image-delete' | 'oci-pull'>;
  /** Set when PVE could not be asked at all. */
  error?: string;
}

const FILE_BASED = new Set(['dir', 'nfs', 'cifs', 'cephfs', 'glusterfs', 'btrfs']);
const fileName = (volid: string) => volid.slice(volid.indexOf('/') + 1);

/** Which optional image features the node's token can use (one `GET /access/permissions`). */
async function unavailableFeatures(pve: PveClient): Promise<Array<'image-delete' | 'oci-pull'>> {
  const perms = await pve.permissions(undefined, { timeoutMs: 15_000 });
  return (['image-delete', 'oci-pull'] as const).filter((f) => lackingPrivileges(perms, featurePrivileges(f)).length > 0);
}

/**
 * The OS images (`vztmpl` content) on each storage of a registered node's PVE node that holds
 * them, with what uses each. Any role on the node may look; PVE is asked live (a few requests).
 */
export async function nodeImages(db: Db, userId: string, nodeId: string): Promise<NodeImages> {
  const { node, access } = await nodeForRole(db, userId, nodeId, 'viewer');
  const pveNode = node.pveNodeName;
  if (!pveNode) throw new NotFoundError('Node');
  const base: NodeImages = { nodeId: node.id, nodeName: node.name, pveNode, access, storages: [], unavailable: [] };
  const pve = pveClientForNode(node);
  let stores;
  try {
    stores = (await pve.storages(pveNode, { content: 'vztmpl', enabled: true }, { timeoutMs: 15_000 })).filter((s) => s.enabled !== false);
  } catch (e) {
    if (!isPveError(e)) throw e;
    return { ...base, error: pveRefusal(e) };
  }
  const [users, templates, unavailable] = await Promise.all([
    imageUsers(db, node, pveNode, (s) => stores.some((x) => x.storage === s && x.shared)),
    visibleTemplateOses(db, userId),
    unavailableFeatures(pve).catch(() => [] as Array<'image-delete' | 'oci-pull'>),
  ]);
  const storages = await Promise.all(
    stores.map(async (s): Promise<ImageStorage> => {
      const row: ImageStorage = { storage: s.storage, type: s.type, shared: s.shared, avail: s.avail ?? null, total: s.total ?? null, fileBased: FILE_BASED.has(s.type), images: [] };
      try {
        const items = await pve.storageContent(pveNode, s.storage, { content: 'vztmpl' }, { timeoutMs: 15_000 });
        row.images = items
          .map((i) => ({
            volid: i.volid,
            name: fileName(i.volid),
            format: i.format ?? '',
            size: i.size ?? null,
            ctime: i.ctime ?? null,
            usedBy: users.get(i.volid) ?? [],
            templates: templatesUsing(i.volid, templates).map((t) => ({ slug: t.slug, name: t.name })),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
      } catch (e) {
        if (!isPveError(e)) throw e;
        row.error = pveRefusal(e);
      }
      return row;
    }),
  );
  return { ...base, storages, unavailable };
}

/** The node's appliance index (`GET /nodes/{node}/aplinfo`): what "Download" offers. */
export interface ApplianceEntry {
  template: string;
  os: string;
  section: string;
  package: string;
  version: string;
  headline: string;
  description: string;
}

export async function nodeApplianceIndex(db: Db, userId: string, nodeId: string): Promise<ApplianceEntry[]> {
  const { node } = await nodeForRole(db, userId, nodeId, 'viewer');
  const list = await pveClientForNode(node).aplinfo(node.pveNodeName ?? '', { timeoutMs: 20_000 });
  return list
    .map((a) => ({
      template: a.template,
      os: a.os ?? '',
      section: a.section ?? '',
      package: a.package ?? '',
      version: a.version ?? '',
      headline: a.headline ?? a.template,
      description: a.description ?? '',
    }))
    .sort((a, b) => a.section.localeCompare(b.section) || a.template.localeCompare(b.template));
}
