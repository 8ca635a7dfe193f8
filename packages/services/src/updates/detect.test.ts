import { describe, expect, it } from 'vitest';
import { parseDetection } from './detect';

describe('parseDetection', () => {
  it('reads apt-get -s dist-upgrade: versions, security from the origin, new packages ignored', () => {
    const out = [
      '@@kiln os debian ',
      '@@kiln refresh 0',
      '@@kiln list apt',
      'Reading package lists...',
      'Calculating upgrade...',
      'The following packages will be upgraded:',
      '  libc6 nginx',
      'Inst libc6 [2.36-9+deb12u9] (2.36-9+deb12u10 Debian:12.9/stable [amd64])',
      'Inst nginx [1.22.1-9+deb12u1] (1.22.1-9+deb12u2 Debian-Security:12/stable-security [amd64])',
      'Inst linux-image-6.1.0-29 (6.1.123-1 Debian-Security:12/stable-security [amd64])',
      'Conf nginx (1.22.1-9+deb12u2 Debian-Security:12/stable-security [amd64])',
      '@@kiln end 0',
    ].join('\n');
    expect(parseDetection(out)).toEqual({
      family: 'apt',
      osId: 'debian',
      error: null,
      packages: [
        { name: 'nginx', current: '1.22.1-9+deb12u1', next: '1.22.1-9+deb12u2', security: true },
        { name: 'libc6', current: '2.36-9+deb12u9', next: '2.36-9+deb12u10', security: false },
      ],
    });
  });

  it('reads Ubuntu security pockets and apk version -l', () => {
    const ubuntu = '@@kiln os ubuntu debian\n@@kiln refresh 0\n@@kiln list apt\nInst curl [8.5.0-2ubuntu10.5] (8.5.0-2ubuntu10.6 Ubuntu:24.04/noble-security [amd64])\n@@kiln end 0\n';
    expect(parseDetection(ubuntu).packages).toEqual([{ name: 'curl', current: '8.5.0-2ubuntu10.5', next: '8.5.0-2ubuntu10.6', security: true }]);
    const alpine = `@@kiln os alpine \n@@kiln refresh 0\n@@kiln list apk\n${'Installed:'.padEnd(42)}Available:\n${'py3-foo-bar-1.2_p1-r3'.padEnd(40)}< 1.2_p1-r4\n@@kiln end 0\n`;
    expect(parseDetection(alpine)).toEqual({ family: 'apk', osId: 'alpine', error: null, packages: [{ name: 'py3-foo-bar', current: '1.2_p1-r3', next: '1.2_p1-r4', security: false }] });
  });

  it('says plainly when the apt lock is held, and keeps the list read from the last refresh', () => {
    const out = [
      '@@kiln os debian ',
      '@@kiln refresh 100',
      'E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)',
      'N: Be aware that removing the lock file is not a solution and may break your system.',
      '@@kiln list apt',
      '@@kiln end 0',
    ].join('\n');
    expect(parseDetection(out)).toMatchObject({ packages: [], error: 'apt lock held: /var/lib/apt/lists/lock is held by process 4242 (apt-get)' });
  });

  it('names OSes it cannot check', () => {
    expect(parseDetection('@@kiln os fedora \n@@kiln unsupported dnf\n')).toMatchObject({ family: 'dnf', osId: 'fedora', packages: null });
    expect(parseDetection('@@kiln os nixos \n@@kiln unsupported nixos\n').error).toBe('Unknown OS "nixos": no apt or apk to ask.');
  });
});
