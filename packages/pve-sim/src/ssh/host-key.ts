/** The node's SSH host key: ed25519, created once per node in the data dir (mode 0600), then reused. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateEd25519OpenSsh } from '@kiln/core/ssh-key';
import ssh2 from 'ssh2';

// ssh2 is CommonJS; only a few of its exports are visible as ESM named exports.
const { utils } = ssh2;

const NODE_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** OpenSSH-style fingerprint (`SHA256:` + unpadded base64) of a private or public key text. */
export function keyFingerprint(keyText: string): string {
  const parsed = utils.parseKey(keyText);
  if (parsed instanceof Error) throw new Error(`invalid SSH key: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error('invalid SSH key: empty');
  return `SHA256:${crypto.createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}

function isUsableKey(text: string): boolean {
  const parsed = utils.parseKey(text);
  return !(parsed instanceof Error) && (!Array.isArray(parsed) || parsed.length > 0);
}

/**
 * Read `<dataDir>/ssh/<node>/ssh_host_ed25519_key`, creating it on first use. Creation publishes
 * the file with link(2), so concurrent starters agree on a single key.
 */
export async function loadOrCreateHostKey(dataDir: string, node: string): Promise<string> {
  if (!NODE_NAME.test(node)) throw new Error(`invalid node name '${node}'`);
  const dir = path.join(dataDir, 'ssh', node);
  const file = path.join(dir, 'ssh_host_ed25519_key');
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await fs.promises.readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    if (!isUsableKey(existing)) throw new Error(`host key ${file} is not a valid private key`);
    await fs.promises.chmod(file, 0o600);
    return existing;
  }
  // Shared with Kiln's node keys; ssh2's own generator sometimes writes keys its parser rejects.
  const pair = generateEd25519OpenSsh(`root@${node}`);
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  await fs.promises.writeFile(tmp, pair.privateKey, { mode: 0o600, flag: 'wx' });
  try {
    await fs.promises.link(tmp, file);
    await fs.promises.writeFile(`${file}.pub`, `${pair.publicKey}\n`, { mode: 0o644 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
  return fs.promises.readFile(file, 'utf8');
}
