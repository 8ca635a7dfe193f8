import { describe, expect, it } from 'vitest';
import { decodeUpid, encodeUpid } from './upid';

describe('UPID', () => {
  it('encodes with upper-case zero-padded hex fields', () => {
    expect(encodeUpid({ node: 'pve1', pid: 0x1a2b3, pstart: 0xc0ffee, starttime: 0x67a1b2c3, type: 'vzcreate', id: '105', user: 'kiln@pve!dash' })).toBe(
      'UPID:pve1:0001A2B3:00C0FFEE:67A1B2C3:vzcreate:105:kiln@pve!dash:',
    );
  });

  it('decodes, accepting a 9-digit pstart', () => {
    expect(decodeUpid('UPID:pve1:0001A2B3:1C0FFEE00:67A1B2C3:vzstart:105:root@pam:')).toEqual({
      node: 'pve1',
      pid: 0x1a2b3,
      pstart: 0x1c0ffee00,
      starttime: 0x67a1b2c3,
      type: 'vzstart',
      id: '105',
      user: 'root@pam',
    });
    expect(decodeUpid('UPID:pve1:nothex:00:00:x:y:z:')).toBeUndefined();
  });
});
