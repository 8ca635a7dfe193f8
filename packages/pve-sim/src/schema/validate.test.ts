import { describe, expect, it } from 'vitest';
import { loadApiIndex } from './api-index';
import { validateParameters } from './validate';

const index = loadApiIndex();
const createSchema = index.method('POST', '/nodes/{node}/lxc')?.parameters;
const base = { node: 'pve1', vmid: '101', ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' };

describe('validateParameters (PVE::JSONSchema semantics)', () => {
  it('accepts a valid create request', () => {
    expect(validateParameters(createSchema, { ...base, rootfs: 'local-lvm:8', net0: 'name=eth0,bridge=vmbr0,ip=dhcp', memory: '1024' })).toEqual({});
  });

  it('reports missing required parameters', () => {
    expect(validateParameters(createSchema, { node: 'pve1', vmid: '101' })).toEqual({ ostemplate: 'property is missing and it is not optional' });
  });

  it('refuses unknown parameters', () => {
    expect(validateParameters(createSchema, { ...base, bogus: '1' })).toEqual({
      bogus: 'property is not defined in schema and the schema does not allow additional properties',
    });
  });

  it('checks integer, number and boolean types with the Perl wording', () => {
    expect(validateParameters(createSchema, { ...base, memory: '1.5', cpulimit: 'x', onboot: 'true' })).toEqual({
      memory: "type check ('integer') failed - got '1.5'",
      cpulimit: "type check ('number') failed - got 'x'",
      onboot: "type check ('boolean') failed - got 'true'",
    });
  });

  it('accepts JSON booleans and numbers', () => {
    expect(validateParameters(createSchema, { ...base, vmid: 101, onboot: true, memory: 2048, cpulimit: 1.5 })).toEqual({});
    expect(validateParameters(createSchema, { ...base, memory: [1] })).toEqual({ memory: "type check ('integer') failed - got ARRAY" });
  });

  it('checks ranges, lengths and enums', () => {
    expect(validateParameters(createSchema, { ...base, memory: '8', tty: '7', password: 'abc', ostype: 'windows' })).toEqual({
      memory: 'value must have a minimum value of 16',
      tty: 'value must have a maximum value of 6',
      password: 'value must be at least 5 characters long',
      ostype: "value 'windows' does not have a value in the enumeration 'debian, devuan, ubuntu, centos, fedora, opensuse, archlinux, alpine, gentoo, nixos, unmanaged'",
    });
  });

  it('applies named formats with the verifier text and its newline', () => {
    expect(validateParameters(createSchema, { ...base, node: 'bad_node', hostname: 'not a host' })).toEqual({
      node: 'invalid format - value does not look like a valid node name\n',
      hostname: 'invalid format - value does not look like a valid DNS name\n',
    });
    expect(validateParameters(createSchema, { ...base, vmid: '99' })).toEqual({ vmid: 'invalid format - value does not look like a valid VM ID\n' });
  });

  it('validates list formats item by item', () => {
    expect(validateParameters(createSchema, { ...base, tags: 'prod;web' })).toEqual({});
    expect(validateParameters(createSchema, { ...base, tags: 'prod;we b!' })).toEqual({ tags: 'invalid format - invalid characters in tag\n' });
  });

  it('checks patterns converted from Perl regexes', () => {
    const features = { ...base, features: 'mount=nfs;cifs' };
    expect(validateParameters(createSchema, features)).toEqual({});
    expect(validateParameters(createSchema, { ...base, features: 'mount=nfs/x' })).toEqual({
      features: 'invalid format - format error\nfeatures.mount: value does not match the regex pattern\n',
    });
  });

  it('reports property-string sub-errors under the parameter', () => {
    const errors = validateParameters(createSchema, { ...base, net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.300/24,tag=5000' });
    expect(Object.keys(errors)).toEqual(['net0']);
    expect(errors['net0']).toMatch(/^invalid format - format error\n/);
    expect(errors['net0']).toContain('net0.ip: invalid format - value does not look like a valid ipv4 network configuration\n');
    expect(errors['net0']).toContain('net0.tag: value must have a maximum value of 4094\n');
  });

  it('refuses unknown property-string keys and missing required sub-keys', () => {
    expect(validateParameters(createSchema, { ...base, net0: 'name=eth0,colour=red' })).toEqual({
      net0: 'invalid format - invalid key in comma-separated list property: colour\n',
    });
    expect(validateParameters(createSchema, { ...base, net0: 'bridge=vmbr0' })).toEqual({
      // add_error texts have no newline of their own, unlike die messages
      net0: 'invalid format - format error\nnet0.name: property is missing and it is not optional\n',
    });
  });

  it('resolves indexed families within their range only', () => {
    expect(validateParameters(createSchema, { ...base, net31: 'name=eth31' })).toEqual({});
    expect(validateParameters(createSchema, { ...base, net32: 'name=eth32' })).toEqual({
      net32: 'property is not defined in schema and the schema does not allow additional properties',
    });
    expect(validateParameters(createSchema, { ...base, mp0: 'local-lvm:4,mp=/data' })).toEqual({});
  });

  it('enforces `requires`', () => {
    expect(validateParameters(createSchema, { ...base, unique: '1' })).toEqual({ restore: "missing property - 'unique' requires this property" });
  });

  it('uses the default key of a property string', () => {
    expect(validateParameters(createSchema, { ...base, rootfs: 'local-lvm:8,size=8G' })).toEqual({});
    expect(validateParameters(createSchema, { ...base, rootfs: 'local-lvm:8,local-lvm:9' })).toEqual({
      rootfs: 'invalid format - duplicate key in comma-separated list property: volume\n',
    });
  });
});
