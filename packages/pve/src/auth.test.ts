import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { authorizationHeader, parseApiToken } from './auth';
import { PveClient } from './client';

const SECRET = '5f3c9b2e-1a4d-4c8e-9f7a-0b1c2d3e4f50';

describe('parseApiToken', () => {
  it('splits at the last =', () => {
    expect(parseApiToken(`kiln@pve!kiln=${SECRET}`)).toEqual({ tokenId: 'kiln@pve!kiln', secret: SECRET });
  });

  it('accepts the header form and realms with dashes', () => {
    expect(parseApiToken(`PVEAPIToken=ops@my-ldap!ci_1=${SECRET}`).tokenId).toBe('ops@my-ldap!ci_1');
  });

  it('builds the PVEAPIToken header', () => {
    expect(authorizationHeader(parseApiToken(`kiln@pve!kiln=${SECRET}`))).toBe(`PVEAPIToken=kiln@pve!kiln=${SECRET}`);
  });

  it.each([['kiln@pve!kiln'], ['kiln@pve=S3CR3T'], ['kiln@pve!k=S3CR3T'], ['kilnpve!kiln=S3CR3T'], [`kiln@pve!kiln=`], ['=S3CR3T'], ['kiln@pve!kiln=S3 CR3T']])(
    'rejects %s without echoing it',
    (input) => {
      expect(() => parseApiToken(input)).toThrow(/API token/);
      try {
        parseApiToken(input);
      } catch (e) {
        expect((e as Error).message + JSON.stringify(e)).not.toMatch(/S3 ?CR3T/);
      }
    },
  );

  it('never echoes a secret in a malformed-token error', () => {
    let message = '';
    try {
      parseApiToken(`bad token!x=${SECRET}`);
    } catch (e) {
      message = (e as Error).message + JSON.stringify(e);
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(SECRET);
  });
});

describe('PveClient secrecy', () => {
  it('does not reveal the secret through toString, inspect or JSON', async () => {
    const client = new PveClient({ baseUrl: 'https://127.0.0.1:8006', token: `kiln@pve!kiln=${SECRET}` });
    try {
      for (const text of [String(client), inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client)]) {
        expect(text).toContain('kiln@pve!kiln');
        expect(text).not.toContain(SECRET);
      }
      expect(Object.values(client).join(' ')).not.toContain(SECRET);
    } finally {
      await client.close();
    }
  });
});
