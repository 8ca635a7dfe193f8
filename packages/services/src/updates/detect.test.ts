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
    expect(parseDetection('@@kiln os nixos \n@@kiln unsupported nixos\n').error).toBe('Unknown OS "nixos": no apt, apk or dnf to ask.');
  });

  it('reads dnf 4 (Rocky): exit 100 is a list, wrapped long names, security from updateinfo, current versions from rpm (newest kernel)', () => {
    const out = [
      '@@kiln os rocky rhel centos fedora',
      '@@kiln refresh 0',
      '@@kiln list dnf',
      '',
      'kernel.x86_64                       5.14.0-427.42.1.el9_4                 baseos   ',
      'openssl-libs.x86_64                 1:3.0.7-28.el9_4                      baseos   ',
      'python3-setuptools-wheel.noarch     53.0.0-12.el9_4.1                     baseos   ',
      'a-very-long-package-name-that-overflows-its-column.x86_64',
      '                                    1.0-2.el9                             appstream',
      '@@kiln security',
      'RLSA-2024:8838 Important/Sec. kernel-5.14.0-427.42.1.el9_4.x86_64',
      'RLSA-2024:6356 Moderate/Sec.  openssl-libs-1:3.0.7-28.el9_4.x86_64',
      '@@kiln installed',
      'kernel.x86_64 0:5.14.0-427.13.1.el9_4',
      'kernel.x86_64 0:5.14.0-427.37.1.el9_4',
      'openssl-libs.x86_64 1:3.0.7-27.el9',
      'python3-setuptools-wheel.noarch 0:53.0.0-12.el9',
      'a-very-long-package-name-that-overflows-its-column.x86_64 0:1.0-1.el9',
      'bash.x86_64 0:5.1.8-9.el9',
      '@@kiln end 100',
    ].join('\n');
    expect(parseDetection(out)).toEqual({
      family: 'dnf',
      osId: 'rocky',
      error: null,
      packages: [
        { name: 'kernel', current: '5.14.0-427.37.1.el9_4', next: '5.14.0-427.42.1.el9_4', security: true },
        { name: 'openssl-libs', current: '1:3.0.7-27.el9', next: '1:3.0.7-28.el9_4', security: true },
        { name: 'a-very-long-package-name-that-overflows-its-column', current: '1.0-1.el9', next: '1.0-2.el9', security: false },
        { name: 'python3-setuptools-wheel', current: '53.0.0-12.el9', next: '53.0.0-12.el9_4.1', security: false },
      ],
    });
    expect(parseDetection(out.replace('@@kiln end 100', '@@kiln end 0').replace(/@@kiln list dnf[^@]*/, '@@kiln list dnf\n')).packages).toEqual([]);
  });

  it('reads dnf5 (Fedora): the check-upgrade table, the advisory table with its header, obsoletes left out', () => {
    const out = [
      '@@kiln os fedora ',
      '@@kiln refresh 0',
      '@@kiln list dnf',
      'curl.x86_64             8.11.1-5.fc42   updates',
      'nginx.x86_64            2:1.28.0-1.fc42 updates',
      'nginx-filesystem.noarch 2:1.28.0-1.fc42 updates',
      '',
      'Obsoleting packages',
      'python3-foo.noarch      2.0-1.fc42      updates',
      '    python3-oldfoo.noarch 1.0-3.fc42    @System',
      '',
      '@@kiln security',
      'Name                   Type     Severity                                Package              Issued',
      'FEDORA-2025-8678dc2626 security Important         nginx-2:1.28.0-1.fc42.x86_64 2025-05-01 00:00:00',
      'FEDORA-2025-8678dc2626 security Important nginx-filesystem-2:1.28.0-1.fc42.noarch 2025-05-01 00:00:00',
      '@@kiln installed',
      'curl.x86_64 0:8.11.1-4.fc42',
      'nginx.x86_64 2:1.26.3-1.fc42',
      'nginx-filesystem.noarch 2:1.26.3-1.fc42',
      '@@kiln end 100',
    ].join('\n');
    expect(parseDetection(out).packages).toEqual([
      { name: 'nginx', current: '2:1.26.3-1.fc42', next: '2:1.28.0-1.fc42', security: true },
      { name: 'nginx-filesystem', current: '2:1.26.3-1.fc42', next: '2:1.28.0-1.fc42', security: true },
      { name: 'curl', current: '8.11.1-4.fc42', next: '8.11.1-5.fc42', security: false },
    ]);
  });

  it('says why dnf has no list: the refresh error when nothing is cached yet, or dnf’s own error', () => {
    const noCache = [
      '@@kiln os rocky rhel centos fedora',
      '@@kiln refresh 1',
      "Errors during downloading metadata for repository 'baseos':",
      "Error: Failed to download metadata for repo 'baseos': Cannot prepare internal mirrorlist: Curl error (6): Couldn't resolve host name",
      '@@kiln list dnf',
      "Error: Cache-only enabled but no cache for 'baseos'",
      '@@kiln security',
      "Error: Cache-only enabled but no cache for 'baseos'",
      '@@kiln installed',
      'bash.x86_64 0:5.1.8-9.el9',
      '@@kiln end 1',
    ].join('\n');
    expect(parseDetection(noCache)).toMatchObject({
      family: 'dnf',
      packages: null,
      error:
        "Package index refresh failed (exit 1): Error: Failed to download metadata for repo 'baseos': Cannot prepare internal mirrorlist: Curl error (6): Couldn't resolve host name; no package list yet.",
    });
    const broken = '@@kiln os fedora \n@@kiln refresh 0\n@@kiln list dnf\nError: rpmdb open failed\n@@kiln security\n@@kiln installed\n@@kiln end 1\n';
    expect(parseDetection(broken).error).toBe('Listing upgrades failed (exit 1): Error: rpmdb open failed');
  });
});
