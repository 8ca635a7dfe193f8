import { PveClient } from '@kiln/pve';
import type { Node } from '@kiln/db';
import { nodeSecret, secretBox } from '../secrets';

interface Cached {
  version: number;
  client: PveClient;
}

const g = globalThis as unknown as { __kilnPveClients?: Map<string, Cached> };

/** `https://host:port` of a node's API (IPv6 addresses bracketed). */
export function nodeApiUrl(host: string, port: number): string {
  return `https://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/**
 * A PVE client for a registered node, with its token decrypted server-side and its certificate
 * pinned. Clients (and their keep-alive connections) are reused until the node row changes.
 */
export function pveClientForNode(node: Pick<Node, 'id' | 'host' | 'apiPort' | 'tokenId' | 'tokenSecretEnc' | 'tlsMode' | 'tlsFingerprint' | 'updatedAt'>): PveClient {
  g.__kilnPveClients ??= new Map();
  const version = node.updatedAt.getTime();
  const cached = g.__kilnPveClients.get(node.id);
  if (cached && cached.version === version) return cached.client;
  if (cached) void cached.client.close();
  const client = new PveClient({
    baseUrl: nodeApiUrl(node.host, node.apiPort),
    token: { tokenId: node.tokenId, secret: secretBox().open(node.tokenSecretEnc, nodeSecret(node.id, 'tokenSecret')) },
    fingerprint: node.tlsMode === 'pinned' ? (node.tlsFingerprint ?? undefined) : undefined,
    timeoutMs: 15_000,
  });
  g.__kilnPveClients.set(node.id, { version, client });
  return client;
}

export async function closePveClients(): Promise<void> {
  const all = g.__kilnPveClients;
  g.__kilnPveClients = undefined;
  if (all) await Promise.all([...all.values()].map((c) => c.client.close()));
}
