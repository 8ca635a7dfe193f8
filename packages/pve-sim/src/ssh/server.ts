/** The SSH server of one simulated PVE node (what `ssh root@<node>` reaches). */
import type { AddressInfo } from 'node:net';
import ssh2, { type Connection } from 'ssh2';

const { Server } = ssh2;
import type { SimClusterView } from '../cluster-view';
import { sandboxMode, sandboxUnavailableReason } from '../sandbox';
import { createAuthHandler } from './auth';
import { keyFingerprint } from './host-key';
import { handleSession } from './session';

export interface NodeSshServerOptions {
  view: SimClusterView;
  node: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Private host key (OpenSSH or PEM text). */
  hostKey: string;
  rootPassword: string;
  /** OpenSSH authorized_keys file for root, read on every public-key attempt. */
  authorizedKeysFile?: string;
  /** Extra delay before each command runs, to mimic a remote node. */
  latencyMs?: number;
}

export interface NodeSshServer {
  port: number;
  /** OpenSSH-style `SHA256:<base64>` of the host key. */
  hostKeyFingerprint: string;
  close(): Promise<void>;
}

let warned = false;

export async function startNodeSshServer(opts: NodeSshServerOptions): Promise<NodeSshServer> {
  const mode = sandboxMode();
  const reason = sandboxUnavailableReason();
  if (mode === 'record-only' && !warned) {
    warned = true;
    console.warn(`kiln-sim: container sandbox is record-only (${reason ?? 'unknown reason'}); pct exec/enter/push/pull will refuse to run anything`);
  }
  const hostKeyFingerprint = keyFingerprint(opts.hostKey);
  const authenticate = createAuthHandler({ rootPassword: opts.rootPassword, authorizedKeysFile: opts.authorizedKeysFile });
  const clients = new Set<Connection>();
  const aborts = new Set<() => void>();
  const trackAbort = (abort: () => void) => {
    aborts.add(abort);
    return () => aborts.delete(abort);
  };

  const server = new Server({ hostKeys: [opts.hostKey], ident: 'OpenSSH_9.2p1 Debian-2+deb12u3' }, (client) => {
    clients.add(client);
    // Small request/response packets: without this, Nagle + delayed ACKs add ~40 ms per round trip.
    // (ssh2's server-side Connection has setNoDelay at run time; @types/ssh2 only declares it on Client.)
    (client as Connection & { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {
      // Broken or refused connections are normal on a network server; the client sees them.
    });
    client.on('authentication', authenticate);
    client.on('ready', () => {
      client.on('session', (accept) => {
        handleSession(accept(), { view: opts.view, node: opts.node, latencyMs: opts.latencyMs ?? 0, sandbox: mode, sandboxReason: reason, trackAbort });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    hostKeyFingerprint,
    close: async () => {
      for (const abort of [...aborts]) abort();
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
