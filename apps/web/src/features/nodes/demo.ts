import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import { getConfig } from '@kiln/config';

/** The bundled simulator's connection details (written by `npm start`), read server-side only. */
export interface DemoNodeFile {
  name: string;
  host: string;
  apiPort: number;
  tokenId: string;
  tokenSecret: string;
  tlsFingerprint: string;
  sshHost: string;
  sshPort: number;
  sshUser: string;
  sshPassword: string;
  sshHostKeyFingerprint: string;
  nodes: string[];
}

export function readDemoNode(): DemoNodeFile | undefined {
  const file = getConfig().KILN_DEMO_NODE;
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoNodeFile;
  } catch {
    return undefined;
  }
}

/** The non-secret half, safe to put into the browser's form. */
export function demoFormDefaults(d: DemoNodeFile) {
  return { name: d.name, host: d.host, apiPort: d.apiPort, tokenId: d.tokenId, tlsMode: 'pinned' as const, sshHost: d.sshHost, sshPort: d.sshPort, sshUser: d.sshUser, sshAuth: 'password' as const };
}
