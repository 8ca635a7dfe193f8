import type { Db, Node } from '@kiln/db';
import { matchOsTemplate, osSchema, parseOsImageName } from '@kiln/core/templates';
import { visibleTo } from '../scopes';

/** A Kiln container made from an image (its creation's `ensure-template` step resolved to it). */
export interface ImageUser {
  containerId: string;
  hostname: string;
  vmid: number;
  pveNode: string;
  lifecycle: string;
}

/**
 * Which live Kiln containers were created from each image of the node's cluster: the creation's
 * `ensure-template` step records the volid it used. Containers Kiln adopted have no such step.
 * A local storage's volid names a different file on each PVE node, so the PVE node must match.
 */
export async function imageUsers(db: Db, node: Pick<Node, 'id' | 'userId' | 'clusterName'>, pveNode: string, shared: (storage: string) => boolean): Promise<Map<string, ImageUser[]>> {
  const steps = await db.containerStep.findMany({
    where: {
      key: 'ensure-template',
      container: {
        lifecycle: { not: 'deleted' },
        node: node.clusterName ? { OR: [{ id: node.id }, { userId: node.userId, clusterName: node.clusterName }] } : { id: node.id },
      },
    },
    select: { data: true, container: { select: { id: true, hostname: true, vmid: true, pveNode: true, lifecycle: true } } },
  });
  const users = new Map<string, ImageUser[]>();
  for (const s of steps) {
    const volid = (s.data as { ostemplate?: unknown } | null)?.ostemplate;
    if (typeof volid !== 'string') continue;
    const storage = volid.slice(0, volid.indexOf(':'));
    if (!shared(storage) && s.container.pveNode !== pveNode) continue;
    const c = s.container;
    const list = users.get(volid) ?? [];
    list.push({ containerId: c.id, hostname: c.hostname, vmid: c.vmid, pveNode: c.pveNode, lifecycle: c.lifecycle });
    users.set(volid, list);
  }
  return users;
}

/** A template (latest version of each slug the user sees) that names an OS: `debian 12`. */
export interface TemplateOs {
  slug: string;
  name: string;
  os: { distribution: string; version: string; variant?: string; arch: 'amd64' | 'arm64' | 'i386' };
}

/** The OS each template the user can see asks for (latest version per slug). */
export async function visibleTemplateOses(db: Db, userId: string): Promise<TemplateOs[]> {
  const rows = await db.template.findMany({
    where: visibleTo(userId).templates,
    select: { slug: true, name: true, spec: true, createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
  const seen = new Set<string>();
  const out: TemplateOs[] = [];
  for (const r of rows) {
    if (seen.has(r.slug)) continue;
    seen.add(r.slug);
    const os = osSchema.safeParse((r.spec as { os?: unknown } | null)?.os);
    if (os.success) out.push({ slug: r.slug, name: r.name, os: os.data });
  }
  return out;
}

/** Templates whose `os` this image satisfies (the family it belongs to: distribution, version, variant). */
export function templatesUsing(volid: string, templates: readonly TemplateOs[]): TemplateOs[] {
  if (!parseOsImageName(volid)) return [];
  return templates.filter((t) => matchOsTemplate(t.os, [volid]) !== undefined);
}
