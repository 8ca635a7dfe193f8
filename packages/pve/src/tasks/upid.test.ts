import { describe, expect, it } from 'vitest';
import { isUpid, parseUpid } from './upid';

describe('parseUpid', () => {
  it('parses a token-created vzcreate UPID (hex fields)', () => {
    expect(parseUpid('UPID:pve1:0001A2B3:00C0FFEE:67A1B2C3:vzcreate:105:kiln@pve!dash:')).toEqual({
      upid: 'UPID:pve1:0001A2B3:00C0FFEE:67A1B2C3:vzcreate:105:kiln@pve!dash:',
      node: 'pve1',
      pid: 0x1a2b3,
      pstart: 0xc0ffee,
      starttime: 0x67a1b2c3,
      type: 'vzcreate',
      id: '105',
      user: 'kiln@pve!dash',
      vmid: 105,
    });
  });

  it('accepts a 9-digit pstart (node up > ~497 days) and an empty id', () => {
    const u = parseUpid('UPID:pve-node-2:000F4240:1A2B3C4D5:67A1B2C3:vzdump::root@pam:');
    expect(u.pstart).toBe(0x1a2b3c4d5);
    expect(u.id).toBe('');
    expect(u.vmid).toBeUndefined();
    expect(u.node).toBe('pve-node-2');
  });

  it.each([
    ['UPID:pve1:0001A2B3:00C0FFEE:67A1B2C3:vzcreate:105:kiln@pve'],
    ['UPID:pve1:1A2B3:00C0FFEE:67A1B2C3:vzcreate:105:root@pam:'],
    ['UPID:pve1:0001A2B3:00C0FFEE0A:67A1B2C3:vzcreate:105:root@pam:'],
    ['not a upid'],
  ])('rejects %s', (text) => {
    expect(isUpid(text)).toBe(false);
    expect(() => parseUpid(text)).toThrow(/UPID/);
  });
});
