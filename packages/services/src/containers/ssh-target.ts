import type { Db, Node } from '@kiln/db';
import type { NodeSsh } from '@kiln/ssh';
import { nodeSecret, secretBox } from '../secrets';
import { sshPool } from '../ssh';
import { ContainerOpError } from './errors';
import type { LocatedContainer } from './locate';

/** The pooled SSH handle of a registered node, its secrets decrypted server-side only. */
export function nodeSsh(node: Node): NodeSsh {
  if (!node.sshHostKeyFingerprint) {
    throw new ContainerOpError(`The SSH host key of ${node.name} is not pinned yet. Run "Test again" in Settings → Nodes.`, 'unavailable');
  }
  const box = secretBox();
  const auth = node.sshPrivateKeyEnc
    ? { privateKey: box.open(node.sshPrivateKeyEnc, nodeSecret(node.id, 'sshPrivateKey')) }
    : node.sshPasswordEnc
      ? { password: box.open(node.sshPasswordEnc, nodeSecret(node.id, 'sshPassword')) }
      : undefined;
  if (!auth) throw new ContainerOpError(`No SSH credentials are stored for ${node.name}. Edit the node in Settings → Nodes.`, 'unavailable');
  return sshPool().node({ host: node.sshHost || node.host, port: node.sshPort, username: node.sshUser, auth, hostKeyFingerprint: node.sshHostKeyFingerprint });
}

/**
 * `pct exec` and `pct enter` only work on the PVE node that holds the container, so Kiln needs SSH
 * to that very node: the registered node whose PVE name matches, preferring the one in the route.
 * Candidates are the cluster's nodes the caller can see (locateContainer checked their role).
 */
export async function sshForContainer(db: Db, loc: LocatedContainer): Promise<{ ssh: NodeSsh; node: Node }> {
  if (!loc.pveNode) throw new ContainerOpError('This container does not exist on Proxmox VE.', 'unavailable');
  if (loc.node.pveNodeName === loc.pveNode) return { ssh: nodeSsh(loc.node), node: loc.node };
  const candidates = await db.node.findMany({ where: { id: { in: loc.clusterNodeIds }, pveNodeName: loc.pveNode }, orderBy: { createdAt: 'asc' } });
  const node = candidates.find((n) => n.sshState === 'ok') ?? candidates[0];
  if (!node) {
    throw new ContainerOpError(
      `This container runs on ${loc.pveNode}, and Kiln has SSH only to ${loc.node.pveNodeName ?? loc.node.name}. Add ${loc.pveNode} in Settings → Nodes to manage its services and open its console.`,
      'unavailable',
    );
  }
  return { ssh: nodeSsh(node), node };
}
