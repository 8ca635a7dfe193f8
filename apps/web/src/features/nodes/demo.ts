import 'server-only';
import { getConfig, readDemoNodeFile, type DemoNodeInfo } from '@kiln/config';

export type DemoNodeFile = DemoNodeInfo;

/** The bundled simulator's connection details (written by `npm start`), read server-side only. */
export function readDemoNode(): DemoNodeInfo | undefined {
  return readDemoNodeFile(getConfig().KILN_DEMO_NODE);
}

/** The non-secret half, safe to put into the browser's form. */
export function demoFormDefaults(d: DemoNodeInfo) {
  return { name: d.name, host: d.host, apiPort: d.apiPort, tokenId: d.tokenId, tlsMode: 'pinned' as const, sshHost: d.sshHost, sshPort: d.sshPort, sshUser: d.sshUser, sshAuth: 'password' as const };
}
