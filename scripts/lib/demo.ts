import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readDemoNodeFile, type DemoNodeInfo } from '@kiln/config';

export type { DemoNodeInfo };

export const DEMO_API_PORT = 8006;
export const DEMO_SSH_PORT = 2222;

export function demoPaths(dataDir: string) {
  const dir = path.join(dataDir, 'sim');
  return { dir, info: path.join(dataDir, 'demo-node.json'), rootPassword: path.join(dir, 'root-password') };
}

export function demoRootPassword(dataDir: string): string {
  const { dir, rootPassword } = demoPaths(dataDir);
  if (existsSync(rootPassword)) return readFileSync(rootPassword, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pw = randomBytes(18).toString('base64url');
  writeFileSync(rootPassword, pw + '\n', { mode: 0o600 });
  return pw;
}

export function writeDemoInfo(dataDir: string, info: DemoNodeInfo): string {
  const file = demoPaths(dataDir).info;
  writeFileSync(file, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  return file;
}

export function readDemoInfo(dataDir: string): DemoNodeInfo | undefined {
  return readDemoNodeFile(demoPaths(dataDir).info);
}
