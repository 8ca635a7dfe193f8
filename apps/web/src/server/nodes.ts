import 'server-only';
import { NodeService, VmidService, generateNodeKeyPair, probeNodeSsh } from '@kiln/services';
import { getDb, getRedis } from './services';

const g = globalThis as unknown as { __kilnNodeService?: NodeService; __kilnVmidService?: VmidService };

export function nodeService(): NodeService {
  g.__kilnNodeService ??= new NodeService({ db: getDb(), sshProbe: probeNodeSsh, generateKeyPair: generateNodeKeyPair });
  return g.__kilnNodeService;
}

export function vmidService(): VmidService {
  g.__kilnVmidService ??= new VmidService(getDb(), getRedis());
  return g.__kilnVmidService;
}
