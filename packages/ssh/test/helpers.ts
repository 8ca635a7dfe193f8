/** Shared setup for the integration tests: a simulated PVE node over real sockets, and a pool aimed at it. */
import net from 'node:net';
import { startTestNode, type TestNode } from '@kiln/pve-sim/testing';
import { SshPool, type SshPoolOptions, type SshTarget } from '../src';

export { startTestNode, type TestNode };

export function passwordTarget(node: TestNode, overrides: Partial<SshTarget> = {}): SshTarget {
  return { host: node.host, port: node.port, auth: { password: node.rootPassword }, hostKeyFingerprint: node.server.hostKeyFingerprint, ...overrides };
}

export function newPool(options: Partial<SshPoolOptions> = {}): SshPool {
  return new SshPool({ idleTimeoutMs: 5_000, ...options });
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A TCP relay to the node that the test can cut, to simulate a dropped connection. */
export async function startRelay(targetPort: number): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((down) => {
    const up = net.connect(targetPort, '127.0.0.1');
    for (const s of [down, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    port: (srv.address() as net.AddressInfo).port,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}
