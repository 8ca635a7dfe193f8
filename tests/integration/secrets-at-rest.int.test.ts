import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretBox } from '@kiln/core';
import { closeDb, getDb } from '@kiln/db';
import { makeUser } from '../helpers/users';

afterAll(closeDb);

/** Secrets stored in real Node rows: swapping ciphertexts between rows, tampering and unknown keys fail. */
describe('secrets at rest in PostgreSQL', () => {
  const v1 = { version: 1, key: randomBytes(32) };
  const v2 = { version: 2, key: randomBytes(32) };

  async function twoNodes() {
    const db = getDb();
    const user = await makeUser();
    const box = new SecretBox([v1]);
    const mk = async (name: string, secret: string) => {
      const node = await db.node.create({ data: { userId: user.id, name, host: `${name}.lan`, tokenId: 'kiln@pve!kiln', tokenSecretEnc: 'pending' } });
      const enc = box.seal(secret, { table: 'Node', id: node.id, field: 'tokenSecret' });
      return db.node.update({ where: { id: node.id }, data: { tokenSecretEnc: enc } });
    };
    return { a: await mk('pve-a', 'secret-of-a'), b: await mk('pve-b', 'secret-of-b'), box };
  }

  it('round-trips through the database and stores no plaintext', async () => {
    const { a, box } = await twoNodes();
    const row = await getDb().node.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.tokenSecretEnc).not.toContain('secret-of-a');
    expect(box.open(row.tokenSecretEnc, { table: 'Node', id: a.id, field: 'tokenSecret' })).toBe('secret-of-a');
  });

  it("refuses a token copied onto another node's row", async () => {
    const { a, b, box } = await twoNodes();
    await getDb().$executeRaw`UPDATE "Node" SET "tokenSecretEnc" = ${a.tokenSecretEnc} WHERE id = ${b.id}::uuid`;
    const swapped = await getDb().node.findUniqueOrThrow({ where: { id: b.id } });
    expect(() => box.open(swapped.tokenSecretEnc, { table: 'Node', id: b.id, field: 'tokenSecret' })).toThrow(/altered or belongs to another record/);
  });

  it('detects a tampered ciphertext', async () => {
    const { a, box } = await twoNodes();
    const parts = a.tokenSecretEnc.split('.');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[ct.length - 1] = ct[ct.length - 1]! ^ 0xff;
    parts[4] = ct.toString('base64url');
    await getDb().node.update({ where: { id: a.id }, data: { tokenSecretEnc: parts.join('.') } });
    const row = await getDb().node.findUniqueOrThrow({ where: { id: a.id } });
    expect(() => box.open(row.tokenSecretEnc, { table: 'Node', id: a.id, field: 'tokenSecret' })).toThrow(/failed authentication/);
  });

  it('rotates: old rows open with the old key, an unknown version fails loudly', async () => {
    const { a } = await twoNodes();
    const rotated = new SecretBox([v1, v2]);
    const ctx = { table: 'Node', id: a.id, field: 'tokenSecret' };
    expect(rotated.open(a.tokenSecretEnc, ctx)).toBe('secret-of-a');
    expect(rotated.needsRotation(a.tokenSecretEnc)).toBe(true);
    const resealed = rotated.seal('secret-of-a', ctx);
    expect(() => new SecretBox([v1]).open(resealed, ctx)).toThrow(/key version 2, which is not configured/);
  });
});
