import { describe, expect, it } from 'vitest';
import { ociFileName, parseOciReference, registryBaseUrl } from './reference';

describe('OCI references (skopeo docker:// transport)', () => {
  it('defaults to Docker Hub and its library/ namespace', () => {
    expect(parseOciReference('alpine:3.22')).toEqual({ registry: 'docker.io', repository: 'library/alpine', tag: '3.22' });
    expect(parseOciReference('grafana/grafana:11.0')).toEqual({ registry: 'docker.io', repository: 'grafana/grafana', tag: '11.0' });
  });

  it('takes a first component with a dot, a port or localhost as the registry', () => {
    expect(parseOciReference('ghcr.io/org/app:1.0')).toEqual({ registry: 'ghcr.io', repository: 'org/app', tag: '1.0' });
    expect(parseOciReference('127.0.0.1:5000/library/alpine:3.22')).toEqual({ registry: '127.0.0.1:5000', repository: 'library/alpine', tag: '3.22' });
    expect(parseOciReference('localhost/app:dev')).toEqual({ registry: 'localhost', repository: 'app', tag: 'dev' });
  });

  it('speaks plain HTTP only to loopback registries', () => {
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
  });

  it('names the file after the last component and tag, normalized, ending in .tar', () => {
    expect(ociFileName('docker.io/library/alpine:3.22')).toBe('alpine_3.22.tar');
    expect(ociFileName('alpine:3.22', 'my box')).toBe('my_box.tar');
    expect(ociFileName('alpine:3.22', 'keep.tar')).toBe('keep.tar');
  });
});
