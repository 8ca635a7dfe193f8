import { describe, expect, it } from 'vitest';
import { buildPropertyString, parsePropertyString, parseTags, tagsToString } from './property-string';

describe('buildPropertyString', () => {
  it('writes key=value pairs in insertion order, booleans as 1/0, skipping unset values', () => {
    expect(buildPropertyString({ name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.5/24', gw: undefined, tag: 20, firewall: true, link_down: false })).toBe(
      'name=eth0,bridge=vmbr0,ip=10.0.0.5/24,tag=20,firewall=1,link_down=0',
    );
  });

  it('puts the default key first and bare', () => {
    expect(buildPropertyString({ mp: '/data', volume: 'local-lvm:16', backup: true }, { defaultKey: 'volume' })).toBe('local-lvm:16,mp=/data,backup=1');
  });

  it('writes a default-key value containing = with its key, since a bare part may not hold =', () => {
    expect(buildPropertyString({ volume: 'a=b' }, { defaultKey: 'volume' })).toBe('volume=a=b');
  });

  it('joins list values with ;', () => {
    expect(buildPropertyString({ mountoptions: ['noatime', 'nodev'], trunks: [10, 20] })).toBe('mountoptions=noatime;nodev,trunks=10;20');
  });

  it('refuses commas and line breaks, which PVE cannot escape', () => {
    expect(() => buildPropertyString({ name: 'a,b' })).toThrow(/comma/);
    expect(() => buildPropertyString({ name: 'a\nb' })).toThrow(/line break/);
  });

  it('refuses invalid keys and treats empty strings as unset', () => {
    expect(() => buildPropertyString({ 'bad key': 'x' })).toThrow(/Invalid property key/);
    expect(buildPropertyString({ name: 'eth0', bridge: '' })).toBe('name=eth0');
  });
});

describe('parsePropertyString', () => {
  it('parses key=value pairs', () => {
    expect(parsePropertyString('name=eth0,bridge=vmbr0,ip=dhcp')).toEqual({ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' });
  });

  it('assigns a bare value to the default key', () => {
    expect(parsePropertyString('local-lvm:vm-101-disk-0,size=8G', { defaultKey: 'volume' })).toEqual({
      volume: 'local-lvm:vm-101-disk-0',
      size: '8G',
    });
  });

  it('splits a part at its first =, so values may contain =', () => {
    expect(parsePropertyString('key=a=b')).toEqual({ key: 'a=b' });
  });

  it('accepts double-quoted values holding commas', () => {
    expect(parsePropertyString('a="x,y",b="say \\"hi\\""')).toEqual({ a: 'x,y', b: 'say "hi"' });
  });

  it('skips empty parts', () => {
    expect(parsePropertyString('name=eth0,,ip=dhcp,')).toEqual({ name: 'eth0', ip: 'dhcp' });
  });

  it('rejects what PVE rejects: duplicate keys, bare values without default key, empty values', () => {
    expect(() => parsePropertyString('a=1,a=2')).toThrow(/Duplicate key a/);
    expect(() => parsePropertyString('local:8')).toThrow(/no default key/);
    expect(() => parsePropertyString('x,y', { defaultKey: 'volume' })).toThrow(/Duplicate key volume/);
    expect(() => parsePropertyString('a=')).toThrow(/Missing key or value/);
    expect(() => parsePropertyString('a="open')).toThrow(/Unterminated/);
  });

  it('round-trips what the builder writes', () => {
    const values = { volume: 'local-lvm:vm-101-disk-1', mp: '/data', size: '16G', ro: '1' };
    expect(parsePropertyString(buildPropertyString(values, { defaultKey: 'volume' }), { defaultKey: 'volume' })).toEqual(values);
  });
});

describe('tags', () => {
  it('tagsToString lowercases, de-duplicates, sorts and joins with ;', () => {
    expect(tagsToString(['Web', 'prod', 'web', ' db '])).toBe('db;prod;web');
    expect(tagsToString([])).toBe('');
  });

  it('tagsToString refuses characters PVE does not allow in tags', () => {
    expect(() => tagsToString(['ok', 'no spaces'])).toThrow(/Invalid tag/);
    expect(() => tagsToString(['semi;colon'])).toThrow(/Invalid tag/);
  });

  it('parseTags accepts ; , and space separators and sorts', () => {
    expect(parseTags('web;prod')).toEqual(['prod', 'web']);
    expect(parseTags('b, a c;;a')).toEqual(['a', 'b', 'c']);
    expect(parseTags(undefined)).toEqual([]);
    expect(parseTags('')).toEqual([]);
  });
});
