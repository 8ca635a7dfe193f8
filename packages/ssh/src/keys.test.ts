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

  it('normalizes pasted fingerprints', () => {
    expect(normalizeFingerprint(' SHA256:abc= ')).toBe('SHA256:abc');
    expect(normalizeFingerprint('abc')).toBe('SHA256:abc');
  });
});
