import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { fingerprintOfKey, generateKeyPair, normalizeFingerprint } from './keys';

describe('generateKeyPair', () => {
  it('makes an ed25519 pair with an authorized_keys line labelled kiln@<label>', () => {
    const pair = generateKeyPair('node pve1');
    expect(pair.publicKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+ kiln@node-pve1$/);
    expect(pair.privateKey).toContain('BEGIN OPENSSH PRIVATE KEY');
    expect(fingerprintOfKey(pair.publicKey)).toBe(fingerprintOfKey(pair.privateKey));
    expect(fingerprintOfKey(pair.publicKey)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(generateKeyPair('x').publicKey).not.toBe(pair.publicKey);
  });

  // ssh2's own generator wrote ~1 in 300 keys its parser rejects (a 31-byte public key); 3,000
  // keys make that failure all but certain to show if the encoder regresses.
  it('writes keys that ssh2 parses and that sign and verify, every time', () => {
    const data = Buffer.from('kiln');
    for (let i = 0; i < 3000; i++) {
      const pair = generateKeyPair(`n${i}`);
      const priv = ssh2.utils.parseKey(pair.privateKey);
      const pub = ssh2.utils.parseKey(pair.publicKey);
      if (priv instanceof Error || pub instanceof Error) throw new Error(`key ${i} rejected: ${String(priv instanceof Error ? priv.message : pub)}\n${pair.privateKey}`);
      const privKey = Array.isArray(priv) ? priv[0] : priv;
      const pubKey = Array.isArray(pub) ? pub[0] : pub;
      expect(privKey?.getPublicSSH().equals(pubKey!.getPublicSSH())).toBe(true);
      expect(privKey?.comment).toBe(`kiln@n${i}`);
      if (i % 500 === 0) expect(pubKey!.verify(data, privKey!.sign(data))).toBe(true);
    }
  });

  it('normalizes pasted fingerprints', () => {
    expect(normalizeFingerprint(' SHA256:abc= ')).toBe('SHA256:abc');
    expect(normalizeFingerprint('abc')).toBe('SHA256:abc');
  });
});
