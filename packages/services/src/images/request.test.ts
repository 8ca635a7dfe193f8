import { describe, expect, it } from 'vitest';
import { ociImageFileName } from './request';
import { pullFailureReason } from './runner';

describe('OS image helpers', () => {
  it('names a pulled image after the reference’s last component and tag', () => {
    expect(ociImageFileName('docker.io/library/alpine:3.22')).toBe('alpine_3.22.tar');
    expect(ociImageFileName('localhost:5000/team/app:v1.2-rc')).toBe('app_v1.2-rc.tar');
    expect(ociImageFileName('nginx:latest')).toBe('nginx_latest.tar');
  });

  it('reads skopeo’s fatal sentence from a failed pull’s log, unescaped', () => {
    const tail = [
      "pulling OCI image 'r/x:1' to '/var/lib/vz/template/cache/x_1.tar'",
      'time="2026-12-05T21:00:00Z" level=fatal msg="initializing source docker://r/x:1: reading manifest 1 in r/x: manifest unknown"',
      "TASK ERROR: command '/usr/bin/skopeo copy ...' failed: exit code 1",
    ];
    expect(pullFailureReason(tail)).toBe('initializing source docker://r/x:1: reading manifest 1 in r/x: manifest unknown');
    expect(pullFailureReason(['level=fatal msg="no image found for architecture \\"amd64\\""'])).toBe('no image found for architecture "amd64"');
    expect(pullFailureReason(['TASK ERROR: something else'])).toBeUndefined();
  });
});
