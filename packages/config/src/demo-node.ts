import { existsSync, readFileSync } from 'node:fs';

/**
 * The bundled simulator's connection details, written by `npm start` (mode 0600) and read by the
 * web app's "Add demo node" on the server. The secrets in it never go to the browser.
 */
export interface DemoNodeInfo {
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

export function readDemoNodeFile(file: string | undefined): DemoNodeInfo | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoNodeInfo;
  } catch {
    return undefined;
  }
}
