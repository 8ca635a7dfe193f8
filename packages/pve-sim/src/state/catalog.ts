/**
 * Appliance catalog (`pveam available` / `GET /nodes/{node}/aplinfo`) and the templates a fresh
 * node already has on `local`. Entries mirror download.proxmox.com's `aplinfo.dat` fields.
 */
export interface AplEntry {
  os: string;
  version: string;
  package: string;
  headline: string;
  description: string;
  type: 'lxc';
  section: 'system' | 'turnkeylinux';
  template: string;
  location: string;
  source: string;
  infopage: string;
  maintainer: string;
  architecture: string;
  md5sum: string;
  sha512sum: string;
  /** Bytes of the archive, for storage accounting once downloaded. */
  size: number;
}

const PROXMOX = 'Proxmox Support Team <support@proxmox.com>';
const INFO = 'https://pve.proxmox.com/wiki/Linux_Container#pct_supported_distributions';

function entry(os: string, pkg: string, version: string, file: string, headline: string, size: number): AplEntry {
  // Deterministic stand-ins for the checksums: clients only display them.
  const hex = (n: number): string => Buffer.from(`${file}:${n}`).toString('hex').padEnd(n, '0').slice(0, n);
  return {
    os,
    version,
    package: pkg,
    headline,
    description: `${headline} - a basic system image for containers.`,
    type: 'lxc',
    section: 'system',
    template: file,
    location: `system/${file}`,
    source: `http://download.proxmox.com/images/system/${file}`,
    infopage: INFO,
    maintainer: PROXMOX,
    architecture: 'amd64',
    md5sum: hex(32),
    sha512sum: hex(128),
    size,
  };
}

export const APL_CATALOG: readonly AplEntry[] = [
  entry('debian-12', 'debian-12-standard', '12.7-1', 'debian-12-standard_12.7-1_amd64.tar.zst', 'Debian 12 Bookworm (standard)', 126_380_000),
  entry('debian-13', 'debian-13-standard', '13.1-2', 'debian-13-standard_13.1-2_amd64.tar.zst', 'Debian 13 Trixie (standard)', 134_210_000),
  entry('ubuntu-24.04', 'ubuntu-24.04-standard', '24.04-2', 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst', 'Ubuntu 24.04 Noble (standard)', 141_650_000),
  entry('ubuntu-22.04', 'ubuntu-22.04-standard', '22.04-1', 'ubuntu-22.04-standard_22.04-1_amd64.tar.zst', 'Ubuntu 22.04 Jammy (standard)', 129_820_000),
  entry('alpine-3.22', 'alpine-3.22-default', '20250617', 'alpine-3.22-default_20250617_amd64.tar.xz', 'Alpine Linux 3.22', 3_120_000),
  entry('rockylinux-9', 'rockylinux-9-default', '20240912', 'rockylinux-9-default_20240912_amd64.tar.xz', 'Rocky Linux 9', 93_450_000),
  entry('fedora-42', 'fedora-42-default', '20250428', 'fedora-42-default_20250428_amd64.tar.xz', 'Fedora 42', 98_760_000),
  entry('archlinux', 'archlinux-base', '20240911-1', 'archlinux-base_20240911-1_amd64.tar.zst', 'ArchLinux base image', 175_300_000),
];

/** Templates a new node has already downloaded to `local`. */
export const PRELOADED_TEMPLATES = [
  'debian-12-standard_12.7-1_amd64.tar.zst',
  'alpine-3.22-default_20250617_amd64.tar.xz',
  'fedora-42-default_20250428_amd64.tar.xz',
  'rockylinux-9-default_20240912_amd64.tar.xz',
];

/** Storage `format` of an archive, as PVE reports it in content listings. */
export function archiveFormat(file: string): string {
  if (file.endsWith('.tar.zst')) return 'tzst';
  if (file.endsWith('.tar.xz')) return 'txz';
  if (file.endsWith('.tar.gz') || file.endsWith('.tgz')) return 'tgz';
  if (file.endsWith('.tar.bz2')) return 'tbz2';
  return 'tar';
}
