/**
 * What the standard Proxmox VE container images ship with, per OS family: their packages and the
 * services they enable. A capture lists only what a container has beyond its image, so a template
 * made from it installs the difference and nothing the image already brings.
 *
 * The lists follow the images Kiln's simulator seeds (pve-sim sandbox: `catalog.cjs` BASE_PACKAGES,
 * `rpm-db.cjs` base entries, Alpine's 15-package base) and the real images' well-known base sets;
 * a tests checks that a fresh simulated container captures to no extra package and no service.
 * On Debian, packages of priority `required` or `important` are always part of the image too
 * (debootstrap installs them), so a longer real image list does not make the capture noisy.
 */

export const CAPTURE_FAMILIES = ['debian', 'alpine', 'rpm'] as const;
export type CaptureFamily = (typeof CAPTURE_FAMILIES)[number];

export interface BaseImage {
  family: CaptureFamily;
  packages: ReadonlySet<string>;
  /** `*.service` unit files the image enables. */
  services: ReadonlySet<string>;
}

const DEBIAN = {
  family: 'debian',
  packages: new Set([
    'base-files',
    'bash',
    'coreutils',
    'dpkg',
    'apt',
    'libc6',
    'systemd',
    'systemd-sysv',
    'ifupdown',
    'iproute2',
    'procps',
    'less',
    'nano',
    'locales',
    'ca-certificates',
    'cron',
    'postfix',
    'openssh-server',
    'openssh-client',
    'openssh-sftp-server',
    // Further packages of PVE's debian-12-standard image (debootstrap's standard set and PVE's additions)
    'bsdutils',
    'cron-daemon-common',
    'debconf',
    'debian-archive-keyring',
    'dmsetup',
    'e2fsprogs',
    'findutils',
    'gpgv',
    'grep',
    'gzip',
    'hostname',
    'init',
    'init-system-helpers',
    'iputils-ping',
    'isc-dhcp-client',
    'libpam-systemd',
    'logrotate',
    'mount',
    'netbase',
    'passwd',
    'perl',
    'postfix-sqlite',
    'rsyslog',
    'sed',
    'ssl-cert',
    'systemd-timesyncd',
    'tar',
    'tzdata',
    'util-linux',
    'vim-tiny',
    'whiptail',
  ]),
  services: new Set([
    'cron.service',
    'postfix.service',
    'ssh.service',
    'networking.service',
    'rsyslog.service',
    'systemd-timesyncd.service',
    'systemd-pstore.service',
    'e2scrub_reap.service',
    'getty@.service',
    'console-getty.service',
    'container-getty@.service',
    'systemd-networkd.service',
    'systemd-resolved.service',
  ]),
} as const satisfies BaseImage;

const ALPINE = {
  family: 'alpine',
  packages: new Set([
    'alpine-baselayout',
    'alpine-baselayout-data',
    'alpine-keys',
    'alpine-release',
    'apk-tools',
    'busybox',
    'busybox-binsh',
    'ca-certificates-bundle',
    'libcrypto3',
    'libssl3',
    'musl',
    'musl-utils',
    'scanelf',
    'ssl_client',
    'zlib',
  ]),
  services: new Set<string>(),
} as const satisfies BaseImage;

const RPM = {
  family: 'rpm',
  packages: new Set([
    'bash',
    'coreutils',
    'glibc',
    'systemd',
    'rpm',
    'dnf5',
    'dnf',
    'openssl-libs',
    'curl',
    'libcurl',
    'ca-certificates',
    'tzdata',
    'fedora-release',
    'rocky-release',
    'fedora-repos',
    'rocky-repos',
    'gpg-pubkey',
  ]),
  services: new Set(['systemd-networkd.service', 'systemd-resolved.service', 'dbus-broker.service', 'getty@.service', 'console-getty.service', 'container-getty@.service']),
} as const satisfies BaseImage;

export const BASE_IMAGES: Record<CaptureFamily, BaseImage> = { debian: DEBIAN, alpine: ALPINE, rpm: RPM };

/** The image family of an /etc/os-release `ID` (and `ID_LIKE`), or null when Kiln has no manifest for it. */
export function familyOf(id: string, idLike = ''): CaptureFamily | null {
  const ids = [id, ...idLike.split(/\s+/)].filter(Boolean);
  if (ids.some((i) => i === 'debian' || i === 'ubuntu')) return 'debian';
  if (ids.includes('alpine')) return 'alpine';
  if (ids.some((i) => i === 'fedora' || i === 'rhel' || i === 'centos' || i === 'rocky')) return 'rpm';
  return null;
}
