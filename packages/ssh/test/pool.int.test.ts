import net from 'node:net';
import { generateEd25519OpenSsh } from '@kiln/core/ssh-key';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHostKey, SshError, type SshPool } from '../src';
import { closedPort, newPool, passwordTarget, startRelay, startTestNode, type TestNode } from './helpers';

let node: TestNode;
const pools: SshPool[] = [];
const pool = (opts?: Parameters<typeof newPool>[0]) => {
  const p = newPool(opts);
  pools.push(p);
  return p;
};

beforeAll(async () => {
  node = await startTestNode({ containers: [{ vmid: 101 }] });
});
afterAll(async () => {
  for (const p of pools) await p.close();
  await node?.close();
});

describe('one connection per node', () => {
  it('runs 20 concurrent pctExec calls over a single handshake, at most 8 sessions at a time', async () => {
    const p = pool();
    const ssh = p.node(passwordTarget(node));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ssh.pctExec(101, ['sh', '-c', 'sleep 0.2; echo "$1"', 'sh', String(i)])));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
    const stats = p.stats(passwordTarget(node));
    expect(stats).toMatchObject({ handshakes: 1, activeChannels: 0, queued: 0, connected: true });
    expect(stats?.peakChannels).toBeGreaterThan(1);
    expect(stats?.peakChannels).toBeLessThanOrEqual(8);
  });

  it('hands out the same node handle for the same target', () => {
    const p = pool();
    expect(p.node(passwordTarget(node))).toBe(p.node(passwordTarget(node)));
  });

  it('closes an idle connection and reconnects on the next call', async () => {
    const p = pool({ idleTimeoutMs: 50 });
    const ssh = p.node(passwordTarget(node));
    await ssh.exec(['true']);
    for (let i = 0; i < 100 && p.stats(passwordTarget(node))?.connected; i++) await new Promise((r) => setTimeout(r, 20));
    expect(p.stats(passwordTarget(node))?.connected).toBe(false);
    await ssh.exec(['true']);
    expect(p.stats(passwordTarget(node))?.handshakes).toBe(2);
  });

  it('fails calls in flight when the connection drops, then reconnects', async () => {
    const relay = await startRelay(node.port);
    try {
      const target = passwordTarget(node, { port: relay.port });
      const p = pool();
      const ssh = p.node(target);
      const inFlight = ssh.pctExec(101, ['sleep', '5']);
      await new Promise((r) => setTimeout(r, 300));
      relay.cut();
      await expect(inFlight).rejects.toMatchObject({ kind: 'channel' });
      expect((await ssh.pctExec(101, ['echo', 'back'])).stdout).toBe('back\n');
      expect(p.stats(target)?.handshakes).toBe(2);
    } finally {
      await relay.close();
    }
  });
});

describe('authentication', () => {
  it('authenticates with the key pair whose public half is authorized', async () => {
    const ssh = pool().node(passwordTarget(node, { auth: { privateKey: node.clientKey.privateKey } }));
    expect((await ssh.exec(['pveversion'])).exitCode).toBe(0);
  });

  it('reports a wrong password or an unknown key as auth, without the secret in the message', async () => {
    const err = await pool()
      .node(passwordTarget(node, { auth: { password: 'hunter2-wrong' } }))
      .exec(['true'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshError);
    expect(err).toMatchObject({ kind: 'auth', code: 'SSH' });
    expect((err as Error).message).not.toContain('hunter2');
    const stranger = generateEd25519OpenSsh('test@kiln');
    await expect(
      pool()
        .node(passwordTarget(node, { auth: { privateKey: stranger.privateKey } }))
        .exec(['true']),
    ).rejects.toMatchObject({ kind: 'auth' });
  });
});

describe('host key pinning', () => {
  it('refuses a node whose key differs from the pin, naming both fingerprints', async () => {
    const wrong = `SHA256:${'A'.repeat(43)}`;
    const err = (await pool()
      .node(passwordTarget(node, { hostKeyFingerprint: wrong }))
      .exec(['true'])
      .catch((e: unknown) => e)) as SshError;
    expect(err.kind).toBe('host-key-mismatch');
    expect(err.details).toMatchObject({ expectedFingerprint: wrong, actualFingerprint: node.server.hostKeyFingerprint });
    expect(err.message).toContain(wrong);
    expect(err.message).toContain(node.server.hostKeyFingerprint);
  });

  it('probes the host key without authenticating (trust on first use)', async () => {
    expect(await probeHostKey(node.host, node.port)).toEqual({ fingerprint: node.server.hostKeyFingerprint, keyType: 'ssh-ed25519' });
  });
});

describe('unreachable nodes', () => {
  it('gives up on a port that accepts TCP but never speaks SSH', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      await expect(pool({ connectTimeoutMs: 500 }).node(passwordTarget(node, { port })).exec(['true'])).rejects.toMatchObject({
        kind: 'unreachable',
        details: { reason: 'timeout' },
      });
    } finally {
      silent.close();
    }
  });

  it('says which: refused, or name not found', async () => {
    const port = await closedPort();
    await expect(pool().node(passwordTarget(node, { port })).exec(['true'])).rejects.toMatchObject({ kind: 'unreachable', details: { reason: 'refused' } });
    await expect(probeHostKey('127.0.0.1', port)).rejects.toMatchObject({ kind: 'unreachable', details: { reason: 'refused' } });
    await expect(
      pool({ connectTimeoutMs: 3000 })
        .node(passwordTarget(node, { host: 'kiln-no-such-host.invalid' }))
        .exec(['true']),
    ).rejects.toMatchObject({
      kind: 'unreachable',
      details: { reason: 'dns' },
    });
  });
});
