import { describe, expect, it } from 'vitest';
import { nodeFormSchema } from '../schemas/nodes';
import { assertSecretsStayPut } from './secret-moves';

const saved = { host: 'pve.lan', apiPort: 8006, tlsMode: 'pinned' as const, tlsFingerprint: 'AB:'.repeat(31) + 'AB', sshHost: null, sshPort: 22 };
const stored = { tokenSecret: 't', sshPassword: 'p', sshPrivateKey: 'k' };
const form = (o: Record<string, unknown> = {}) => nodeFormSchema.parse({ name: 'n', host: 'pve.lan', tokenId: 'kiln@pve!kiln', sshAuth: 'password', ...o });
const errorsOf = (values: ReturnType<typeof form>) => {
  try {
    assertSecretsStayPut(saved, values, stored);
    return {};
  } catch (e) {
    return (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
  }
};

describe('stored secrets stay with the endpoint they were saved for', () => {
  it('an unchanged endpoint keeps the stored secrets', () => {
    expect(errorsOf(form())).toEqual({});
    expect(errorsOf(form({ trustFingerprint: saved.tlsFingerprint.toLowerCase() }))).toEqual({});
  });
  it.each([{ host: 'other.lan' }, { apiPort: 8007 }, { tlsMode: 'system' }, { trustFingerprint: 'CD:'.repeat(31) + 'CD' }])('API change %o needs the token again', (o) => {
    expect(Object.keys(errorsOf(form(o)))).toContain('tokenSecret');
    expect(errorsOf(form({ ...o, tokenSecret: 'new' })).tokenSecret).toBeUndefined();
  });
  it.each([{ sshHost: 'other.lan' }, { sshPort: 2222 }, { host: 'other.lan', tokenSecret: 'new' }])('SSH change %o needs the password again', (o) => {
    expect(errorsOf(form(o))).toEqual({ sshPassword: expect.stringMatching(/SSH password again/) });
    expect(errorsOf(form({ ...o, sshPassword: 'new' }))).toEqual({});
  });
  it('in key mode an SSH change needs a new key pair', () => {
    expect(errorsOf(form({ sshAuth: 'key', sshPort: 2222 }))).toEqual({ generateKey: expect.stringMatching(/replace the key pair/) });
    expect(errorsOf(form({ sshAuth: 'key', sshPort: 2222, generateKey: true }))).toEqual({});
  });
});
