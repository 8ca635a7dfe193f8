import { describe, expect, it } from 'vitest';
import { nodeFormSchema } from '../schemas/nodes';
import { isInternalAddress } from './targets';

describe('isInternalAddress', () => {
  it.each(['127.0.0.1', '127.255.0.9', '0.0.0.0', '169.254.169.254', '::1', '[::1]', '::', 'fe80::1', 'fe80::1%eth0', 'febf::1', '::ffff:127.0.0.1'])('%s is on the Kiln host or its link', (ip) => {
    expect(isInternalAddress(ip)).toBe(true);
  });
  it.each(['192.168.1.10', '10.0.0.1', '8.8.8.8', 'fd00::1', '2001:db8::1', 'fec0::1', '::ffff:192.168.1.1', 'pve.example'])('%s is not', (ip) => {
    expect(isInternalAddress(ip)).toBe(false);
  });
});

describe('node host field', () => {
  const host = (h: string) => nodeFormSchema.parse({ name: 'n', host: h, tokenId: 'kiln@pve!kiln' }).host;
  it('drops a port but keeps bare IPv6 addresses whole', () => {
    expect(host('pve.lan:8006')).toBe('pve.lan');
    expect(host('https://10.0.0.2:8006/')).toBe('10.0.0.2');
    expect(host('[fd00::2]:8006')).toBe('[fd00::2]');
    expect(host('::1')).toBe('::1');
    expect(host('fd00::2')).toBe('fd00::2');
  });
});
