import { describe, expect, it } from 'vitest';
import { compareVersions, matchOsTemplate, parseOsImageName } from './os-template';

const volids = [
  'local:vztmpl/debian-11-standard_11.7-1_amd64.tar.zst',
  'local:vztmpl/debian-12-standard_12.2-1_amd64.tar.zst',
  'nfs:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
  'local:vztmpl/debian-12-turnkey-wordpress_18.0-1_amd64.tar.gz',
  'local:vztmpl/debian-12-standard_12.12-1_arm64.tar.zst',
  'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
  'local:vztmpl/ubuntu-24.10-standard_24.10-1_amd64.tar.zst',
  'local:iso/debian-12.iso',
];

describe('matchOsTemplate', () => {
  it('picks the newest standard image for the OS and arch, as given', () => {
    expect(matchOsTemplate({ distribution: 'debian', version: '12' }, volids)).toBe('nfs:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst');
    expect(matchOsTemplate({ distribution: 'debian', version: '12', arch: 'arm64' }, volids)).toBe('local:vztmpl/debian-12-standard_12.12-1_arm64.tar.zst');
  });

  it('matches aplinfo names and compares builds numerically (12.10 > 12.7)', () => {
    const aplinfo = ['debian-12-standard_12.7-1_amd64.tar.zst', 'debian-12-standard_12.10-1_amd64.tar.zst', 'debian-12-standard_12.9-1_amd64.tar.zst'];
    expect(matchOsTemplate({ distribution: 'debian', version: '12' }, aplinfo)).toBe('debian-12-standard_12.10-1_amd64.tar.zst');
  });

  it('never picks an appliance unless asked, and matches versions exactly', () => {
    expect(matchOsTemplate({ distribution: 'debian', version: '12', variant: 'turnkey-wordpress' }, volids)).toBe('local:vztmpl/debian-12-turnkey-wordpress_18.0-1_amd64.tar.gz');
    expect(matchOsTemplate({ distribution: 'ubuntu', version: '24.04' }, volids)).toBe('local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst');
    expect(matchOsTemplate({ distribution: 'ubuntu', version: '24' }, volids)).toBe('local:vztmpl/ubuntu-24.10-standard_24.10-1_amd64.tar.zst');
    expect(matchOsTemplate({ distribution: 'debian', version: '1' }, volids)).toBeUndefined();
    expect(matchOsTemplate({ distribution: 'alpine', version: '3.20' }, volids)).toBeUndefined();
  });

  it('accepts the default variant other distributions use', () => {
    const list = ['alpine-3.19-default_20240207_amd64.tar.xz', 'alpine-3.20-default_20240908_amd64.tar.xz', 'alpine-3.20-default_20240606_amd64.tar.xz'];
    expect(matchOsTemplate({ distribution: 'alpine', version: '3.20' }, list)).toBe('alpine-3.20-default_20240908_amd64.tar.xz');
  });
});

describe('parseOsImageName', () => {
  it('splits a volid into its parts and rejects other files', () => {
    expect(parseOsImageName('local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst')).toEqual({
      distribution: 'debian',
      version: '12',
      variant: 'standard',
      build: '12.7-1',
      arch: 'amd64',
    });
    expect(parseOsImageName('archlinux-base_20240911-1_amd64.tar.zst')).toBeUndefined();
    expect(parseOsImageName('local:iso/debian-12.iso')).toBeUndefined();
  });

  it('orders versions number by number', () => {
    expect(compareVersions('12.10-1', '12.7-1')).toBeGreaterThan(0);
    expect(compareVersions('20240908', '20240908')).toBe(0);
    expect(compareVersions('24.04-1', '24.04-2')).toBeLessThan(0);
  });
});
