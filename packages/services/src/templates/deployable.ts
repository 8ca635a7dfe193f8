import type { Db } from '@kiln/db';
import { allows, visibleNodes } from '../nodes/access';

export type Deployability = { deployable: true; nodes: number } | { deployable: false; reason: string };

/**
 * Whether the user can deploy a template now, and why not, as the app page says it before the
 * wizard: the creation itself (provisioning/creation.ts) refuses the same cases, node by node.
 * A template that exists is deployable as such: apps a source cannot run never became templates
 * (they are listed with their reason instead).
 */
export async function deployabilityFor(db: Db, userId: string): Promise<Deployability> {
  const nodes = (await visibleNodes(db, userId)).filter((n) => allows(n.access, 'operator'));
  if (nodes.length === 0) return { deployable: false, reason: 'You have no node you may create containers on. Add one in Settings → Nodes, or ask the owner of a shared node for operator access.' };
  const working = nodes.filter((n) => n.pveNodeName && n.sshState === 'ok');
  if (working.length === 0) {
    return {
      deployable: false,
      reason: `SSH is not working on ${nodes.length === 1 ? `your node ${nodes[0]?.name ?? ''}` : `any of your ${nodes.length} nodes`}, and Kiln provisions over SSH. Test the node again in Settings → Nodes.`,
    };
  }
  return { deployable: true, nodes: working.length };
}
