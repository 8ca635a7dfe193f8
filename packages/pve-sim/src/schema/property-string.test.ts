import { describe, expect, it } from 'vitest';
import { loadApiIndex } from './api-index';
import { parsePerlBoolean, printPropertyString, PropertyStringError, splitPropertyString } from './property-string';
import type { PveSchema } from './types';

const props = loadApiIndex().method('PUT', '/nodes/{node}/lxc/{vmid}/config')?.parameters?.properties ?? {};
const format = (key: string): Record<string, PveSchema> => props[key]?.format as Record<string, PveSchema>;

describe('property strings', () => {
  it('splits key=value pairs and the bare default key', () => {
    expect(splitPropertyString(format('rootfs'), 'local-lvm:vm-101-disk-0,size=8G')).toEqual({ volume: 'local-lvm:vm-101-disk-0', size: '8G' });
    expect(splitPropertyString(format('net[n]'), 'name=eth0,bridge=vmbr0,ip=dhcp')).toEqual({ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' });
  });

  it('normalises booleans the way parse_boolean does', () => {
    expect(splitPropertyString(format('features'), 'nesting=yes,keyctl=off')).toEqual({ nesting: '1', keyctl: '0' });
    expect(parsePerlBoolean('TRUE')).toBe(1);
    expect(parsePerlBoolean('maybe')).toBeUndefined();
  });

  it('ignores empty parts', () => {
    expect(splitPropertyString(format('features'), 'nesting=1,,')).toEqual({ nesting: '1' });
  });

  it('fails with PVE texts on structural errors', () => {
    const err = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(PropertyStringError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err(() => splitPropertyString(format('features'), 'nesting=1,nesting=0'))).toBe('duplicate key in comma-separated list property: nesting\n');
    expect(err(() => splitPropertyString(format('features'), 'sparkles=1'))).toBe('invalid key in comma-separated list property: sparkles\n');
    expect(err(() => splitPropertyString(format('features'), 'nesting'))).toBe('value without key, but schema does not define a default key\n');
    expect(err(() => splitPropertyString(format('features'), '=1'))).toBe('missing key in comma-separated list property\n');
  });

  it('prints the default key first, then required keys, then optional keys sorted', () => {
    expect(printPropertyString({ volume: 'local-lvm:vm-101-disk-1', size: '8G', mp: '/data', backup: '1' }, format('mp[n]'))).toBe('local-lvm:vm-101-disk-1,mp=/data,backup=1,size=8G');
    expect(printPropertyString({ type: 'veth', ip: 'dhcp', bridge: 'vmbr0', name: 'eth0' }, format('net[n]'))).toBe('name=eth0,bridge=vmbr0,ip=dhcp,type=veth');
  });
});
