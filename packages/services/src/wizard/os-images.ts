import type { Db } from '@kiln/db';
import { compareVersions, matchOsTemplate, parseOsImageName, templateSchema } from '@kiln/core/templates';
import { nodeForRole } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { findVisibleTemplate } from '../templates/queries';

export interface WizardOsImage {
  volid: string;
  /** `debian-12-standard_12.7-1_amd64.tar.zst` */
  name: string;
  /** `12.7-1` */
  build: string;
  size: number | null;
}

/**
 * The node's OS images a template's `os` accepts (its family: `debian` `12` takes every 12.x
 * build of the standard variant), newest first: the wizard offers them, the first is what a
 * creation uses by default. Empty when the node has none (the creation downloads one).
 */
export async function wizardOsImages(db: Db, userId: string, nodeId: string, templateId: string): Promise<WizardOsImage[]> {
  const row = await findVisibleTemplate(db, userId, templateId);
  const { os } = templateSchema.parse(row.spec);
  const { node } = await nodeForRole(db, userId, nodeId, 'operator');
  const pveNode = node.pveNodeName ?? '';
  const pve = pveClientForNode(node);
  const stores = await pve.storages(pveNode, { content: 'vztmpl', enabled: true }, { timeoutMs: 15_000 });
  const images: WizardOsImage[] = [];
  for (const s of stores) {
    for (const item of await pve.storageContent(pveNode, s.storage, { content: 'vztmpl' }, { timeoutMs: 15_000 })) {
      const parsed = parseOsImageName(item.volid);
      if (!parsed || matchOsTemplate(os, [item.volid]) === undefined) continue;
      images.push({ volid: item.volid, name: item.volid.slice(item.volid.indexOf('/') + 1), build: parsed.build, size: item.size ?? null });
    }
  }
  // The same order matchOsTemplate picks in: OS version, then the image's build (newest first).
  return images.sort((a, b) => {
    const pa = parseOsImageName(a.volid)!;
    const pb = parseOsImageName(b.volid)!;
    return compareVersions(pb.version, pa.version) || compareVersions(pb.build, pa.build);
  });
}
