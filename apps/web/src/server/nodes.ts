import 'server-only';
import { NodeService, NodeShares, VmidService, generateNodeKeyPair, probeNodeSsh } from '@kiln/services';
import { getConfig } from '@kiln/config';
import { readDemoNode } from '@/features/nodes/demo';
import { getDb, getRedis } from './services';

const g = globalThis as unknown as { __kilnNodeService?: NodeService; __kilnVmidService?: VmidService; __kilnNodeShares?: NodeShares };

export function nodeService(): NodeService {
  g.__kilnNodeService ??= new NodeService({
    db: getDb(),
    sshProbe: probeNodeSsh,
    generateKeyPair: generateNodeKeyPair,
    allowLoopbackNodes: getConfig().KILN_ALLOW_LOOPBACK_NODES,
    demoNode: readDemoNode,
  });
  return g.__kilnNodeService;
}

export function vmidService(): VmidService {
  g.__kilnVmidService ??= new VmidService(getDb(), getRedis());
  return g.__kilnVmidService;
}

export function nodeShares(): NodeShares {
  g.__kilnNodeShares ??= new NodeShares(getDb());
  return g.__kilnNodeShares;
}
