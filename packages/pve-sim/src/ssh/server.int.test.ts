import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2, { type Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint, loadOrCreateHostKey } from './host-key';
import { generateEd25519OpenSsh } from '@kiln/core/ssh-key';
import { startTestNode, type TestNode } from './testing/memory-cluster';
import { rawConnect, rawExec } from './testing/raw-client';

let node: TestNode;
let root: Client;

beforeAll(async () => {
  node = await startTestNode({ containers: [{ vmid: 101 }] });
  root = await rawConnect({ host: node.host, port: node.port, username: 'root', password: node.rootPassword });
});
afterAll(async () => {
  root?.end();
  await node?.close();
});

const connectError = (config: ssh2.ConnectConfig) =>
  rawConnect({ host: node.host, port: node.port, ...config }).then(
    (c) => {
      c.end();
      return undefined;
    },
    (e: Error & { level?: string }) => e,
  );

describe('authentication', () => {
  it('refuses a wrong root password', async () => {
    const err = await connectError({ username: 'root', password: 'wrong' });
    expect(err?.level).toBe('client-authentication');
  });

  it('refuses users other than root, even with the root password', async () => {
    const err = await connectError({ username: 'admin', password: node.rootPassword });
    expect(err?.level).toBe('client-authentication');
  });

  it('accepts a key from authorized_keys and refuses an unknown key', async () => {
    expect(await connectError({ username: 'root', privateKey: node.clientKey.privateKey })).toBeUndefined();
    const stranger = generateEd25519OpenSsh('test@kiln');
    expect((await connectError({ username: 'root', privateKey: stranger.privateKey }))?.level).toBe('client-authentication');
  });

  it('re-reads authorized_keys, so a key added while running works', async () => {
    const added = generateEd25519OpenSsh('test@kiln');
    expect(await connectError({ username: 'root', privateKey: added.privateKey })).toBeDefined();
    await fs.promises.appendFile(node.authorizedKeysFile, `no-pty,no-agent-forwarding ${added.publicKey}\n`);
    expect(await connectError({ username: 'root', privateKey: added.privateKey })).toBeUndefined();
  });
});

describe('host key', () => {
  it('reports the OpenSSH SHA256 fingerprint of the key clients see', async () => {
    let seen = '';
    const c = await rawConnect({
      host: node.host,
      port: node.port,
      username: 'root',
      password: node.rootPassword,
      hostVerifier: (key: Buffer) => {
        seen = `SHA256:${crypto.createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
        return true;
      },
    });
    c.end();
    expect(node.server.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(seen).toBe(node.server.hostKeyFingerprint);
  });

  it('is created once per node with mode 0600 and stays stable', async () => {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kiln-hostkey-'));
    try {
      const a = await loadOrCreateHostKey(dir, 'pve7');
      const b = await loadOrCreateHostKey(dir, 'pve7');
      const other = await loadOrCreateHostKey(dir, 'pve8');
      expect(b).toBe(a);
      expect(keyFingerprint(other)).not.toBe(keyFingerprint(a));
      expect(a).toContain('BEGIN OPENSSH PRIVATE KEY');
      const st = await fs.promises.stat(path.join(dir, 'ssh', 'pve7', 'ssh_host_ed25519_key'));
      expect(st.mode & 0o777).toBe(0o600);
      await expect(loadOrCreateHostKey(dir, '../etc')).rejects.toThrow(/invalid node name/);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('node commands', () => {
  it('answers pveversion and command -v pct like a PVE node', async () => {
    expect(await rawExec(root, 'pveversion')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^pve-manager\/\d+\.\d+\.\d+\/[0-9a-f]+ \(running kernel: .+-pve\)\n$/) });
    expect(await rawExec(root, 'command -v pct')).toEqual({ code: 0, stdout: '/usr/sbin/pct\n', stderr: '' });
    expect(await rawExec(root, 'command -v nonexistent')).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('says command not found with exit 127 for anything else', async () => {
    expect(await rawExec(root, "rm -rf '/'")).toEqual({ code: 127, stdout: '', stderr: 'bash: line 1: rm: command not found\n' });
  });

  it('refuses shell syntax instead of running a host shell', async () => {
    const r = await rawExec(root, 'pveversion; id');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not supported: shell operator ';'");
    expect(r.stdout).toBe('');
    expect(await rawExec(root, "echo 'unterminated")).toMatchObject({ code: 2, stderr: expect.stringContaining('unexpected EOF') });
  });

  it('serves the CT config from /etc/pve', async () => {
    const r = await rawExec(root, 'cat /etc/pve/lxc/101.conf /etc/pve/lxc/999.conf');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('hostname: ct101\n');
    expect(r.stderr).toBe('cat: /etc/pve/lxc/999.conf: No such file or directory\n');
  });

  it('refuses an interactive node shell with a pointer to pct enter', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      root.shell(false, (err, ch) => {
        if (err) return reject(err);
        let stderr = '';
        let code: number | null = null;
        ch.stderr.on('data', (d: Buffer) => (stderr += d));
        ch.resume();
        ch.on('exit', (c: number) => (code = c)).on('close', () => resolve({ code, stderr }));
      });
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pct enter');
  });
});
