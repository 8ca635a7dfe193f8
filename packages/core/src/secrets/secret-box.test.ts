import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

const k1 = { version: 1, key: randomBytes(32) };
const k2 = { version: 2, key: randomBytes(32) };
const nodeA = { table: 'Node', id: 'a', field: 'tokenSecret' };
const nodeB = { table: 'Node', id: 'b', field: 'tokenSecret' };

describe('SecretBox', () => {
  it('round-trips and uses a fresh IV each time', () => {
    const box = new SecretBox([k1]);
    const s1 = box.seal('hunter2-secret', nodeA);
    const s2 = box.seal('hunter2-secret', nodeA);
    expect(s1).not.toEqual(s2);
    expect(s1).not.toContain('hunter2');
    expect(box.open(s1, nodeA)).toBe('hunter2-secret');
  });

  it('refuses a ciphertext copied onto another row or field', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('token', nodeA);
    expect(() => box.open(sealed, nodeB)).toThrow(/altered or belongs to another record/);
    expect(() => box.open(sealed, { ...nodeA, field: 'sshPassword' })).toThrow(/altered/);
  });

  it('detects tampering with ciphertext, tag or iv', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('token-value', nodeA);
    const parts = sealed.split('.');
    for (const i of [2, 3, 4]) {
      const p = [...parts];
      const raw = Buffer.from(p[i]!, 'base64url');
      raw[0] = raw[0]! ^ 1;
      p[i] = raw.toString('base64url');
      expect(() => box.open(p.join('.'), nodeA)).toThrow(/altered|damaged/);
    }
  });

  it('seals with the newest key and still opens old versions', () => {
    const old = new SecretBox([k1]).seal('v1 secret', nodeA);
    const box = new SecretBox([k1, k2]);
    expect(box.currentVersion).toBe(2);
    expect(box.open(old, nodeA)).toBe('v1 secret');
    expect(box.needsRotation(old)).toBe(true);
    const fresh = box.seal('v2 secret', nodeA);
    expect(fresh.split('.')[1]).toBe('2');
    expect(box.needsRotation(fresh)).toBe(false);
  });

  it('fails loudly on an unknown key version', () => {
    const sealed = new SecretBox([k2]).seal('x', nodeA);
    expect(() => new SecretBox([k1]).open(sealed, nodeA)).toThrow(/key version 2, which is not configured/);
  });

  it('rejects malformed input', () => {
    const box = new SecretBox([k1]);
    expect(() => box.open('plaintext', nodeA)).toThrow(/not in a format/);
    expect(() => new SecretBox([])).toThrow(/No encryption key/);
    expect(() => new SecretBox([{ version: 1, key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});
