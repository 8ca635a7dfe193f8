/** The /etc of a fresh Debian 12 container, as the PVE debian-12-standard template sets it up. */
import crypto from 'node:crypto';

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;

const GROUPS = [
  'root:0',
  'daemon:1',
  'bin:2',
  'sys:3',
  'adm:4',
  'tty:5',
  'disk:6',
  'lp:7',
  'mail:8',
  'news:9',
  'uucp:10',
  'man:12',
  'proxy:13',
  'kmem:15',
  'dialout:20',
  'fax:21',
  'voice:22',
  'cdrom:24',
  'floppy:25',
  'tape:26',
  'sudo:27',
  'audio:29',
  'dip:30',
  'www-data:33',
  'backup:34',
  'operator:37',
  'list:38',
  'irc:39',
  'src:40',
  'shadow:42',
  'utmp:43',
  'video:44',
  'sasl:45',
  'plugdev:46',
  'staff:50',
  'games:60',
  'users:100',
  'nogroup:65534',
];

const PROFILE = `# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
if [ "$(id -u)" -eq 0 ]; then
  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
else
  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
fi
export PATH

if [ "\${PS1-}" ]; then
  if [ "\${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  else
    if [ "$(id -u)" -eq 0 ]; then
      PS1='# '
    else
      PS1='$ '
    fi
  fi
fi

if [ -d /etc/profile.d ]; then
  for i in /etc/profile.d/*.sh; do
    if [ -r $i ]; then
      . $i
    fi
  done
  unset i
fi
`;

const BASH_BASHRC = `# System-wide .bashrc file for interactive bash(1) shells.
[ -z "$PS1" ] && return
shopt -s checkwinsize
PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
`;

const ROOT_BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.
export LS_OPTIONS='--color=auto'
alias ls='ls $LS_OPTIONS'
`;

const ROOT_PROFILE = `# ~/.profile: executed by Bourne-compatible login shells.
if [ "$BASH" ]; then
  if [ -f ~/.bashrc ]; then
    . ~/.bashrc
  fi
fi
mesg n 2> /dev/null || true
`;

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const ALPINE_OS_RELEASE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.22.1
PRETTY_NAME="Alpine Linux v3.22"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

const FEDORA_OS_RELEASE = `NAME="Fedora Linux"
VERSION="42"
RELEASE_TYPE=stable
ID=fedora
VERSION_ID=42
VERSION_CODENAME=""
PLATFORM_ID="platform:f42"
PRETTY_NAME="Fedora Linux 42"
ANSI_COLOR="0;38;2;60;110;180"
LOGO=fedora-logo-icon
CPE_NAME="cpe:/o:fedoraproject:fedora:42"
DEFAULT_HOSTNAME="fedora"
HOME_URL="https://fedoraproject.org/"
DOCUMENTATION_URL="https://docs.fedoraproject.org/en-US/fedora/f42/"
SUPPORT_URL="https://ask.fedoraproject.org/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Fedora"
REDHAT_BUGZILLA_PRODUCT_VERSION=42
REDHAT_SUPPORT_PRODUCT="Fedora"
REDHAT_SUPPORT_PRODUCT_VERSION=42
SUPPORT_END=2026-05-13
`;

const ROCKY_OS_RELEASE = `NAME="Rocky Linux"
VERSION="9.4 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"
ANSI_COLOR="0;32"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
HOME_URL="https://rockylinux.org/"
BUG_REPORT_URL="https://bugs.rockylinux.org/"
SUPPORT_END="2032-05-31"
ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
ROCKY_SUPPORT_PRODUCT_VERSION="9.4"
REDHAT_SUPPORT_PRODUCT="Rocky Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
`;

const FEDORA_REPOS = `[fedora]
name=Fedora $releasever - $basearch
metalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch
enabled=1
metadata_expire=7d
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch

[updates]
name=Fedora $releasever - $basearch - Updates
metalink=https://mirrors.fedoraproject.org/metalink?repo=updates-released-f$releasever&arch=$basearch
enabled=1
metadata_expire=6h
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch
`;

const ROCKY_REPOS = `[baseos]
name=Rocky Linux $releasever - BaseOS
mirrorlist=https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=BaseOS-$releasever$rltype
gpgcheck=1
enabled=1
countme=1
metadata_expire=6h
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9

[appstream]
name=Rocky Linux $releasever - AppStream
mirrorlist=https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=AppStream-$releasever$rltype
gpgcheck=1
enabled=1
countme=1
metadata_expire=6h
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9
`;

/** The distributions the simulator lays out (every container still runs the host's Debian /usr). */
export type Distribution = 'debian' | 'alpine' | 'fedora' | 'rocky';

function releaseFiles(distribution: Distribution): Record<string, [string, number]> {
  switch (distribution) {
    case 'alpine':
      return { 'etc/os-release': [ALPINE_OS_RELEASE, 0o644], 'etc/alpine-release': ['3.22.1\n', 0o644], 'etc/apk/world': ['alpine-base\n', 0o644] };
    case 'fedora': {
      const release = 'Fedora release 42 (Adams)\n';
      return {
        'etc/os-release': [FEDORA_OS_RELEASE, 0o644],
        'etc/fedora-release': [release, 0o644],
        'etc/redhat-release': [release, 0o644],
        'etc/system-release': [release, 0o644],
        'etc/issue': ['\\S\nKernel \\r on \\m (\\l)\n\n', 0o644],
        'etc/dnf/dnf.conf': ['# see `man dnf.conf` for defaults and possible options\n\n[main]\n', 0o644],
        'etc/yum.repos.d/fedora.repo': [FEDORA_REPOS, 0o644],
      };
    }
    case 'rocky': {
      const release = 'Rocky Linux release 9.4 (Blue Onyx)\n';
      return {
        'etc/os-release': [ROCKY_OS_RELEASE, 0o644],
        'etc/rocky-release': [release, 0o644],
        'etc/redhat-release': [release, 0o644],
        'etc/system-release': [release, 0o644],
        'etc/issue': ['\\S\nKernel \\r on an \\m\n\n', 0o644],
        'etc/dnf/dnf.conf': ['[main]\ngpgcheck=1\ninstallonly_limit=3\nclean_requirements_on_remove=True\nbest=True\nskip_if_unavailable=False\n', 0o644],
        'etc/yum.repos.d/rocky.repo': [ROCKY_REPOS, 0o644],
      };
    }
    default:
      return { 'etc/os-release': [OS_RELEASE, 0o644], 'etc/debian_version': ['12.9\n', 0o644], 'etc/issue': ['Debian GNU/Linux 12 \\n \\l\n\n', 0o644] };
  }
}

/** path (relative to the rootfs) -> [content, mode] */
export function etcFiles(hostname: string, distribution: Distribution = 'debian'): Record<string, [string, number]> {
  const shadowOf = (line: string) => `${line.split(':')[0]}:*:19800:0:99999:7:::`;
  const users = PASSWD.trim().split('\n');
  const rpm = distribution === 'fedora' || distribution === 'rocky';
  return {
    'etc/issue': ['Debian GNU/Linux 12 \\n \\l\n\n', 0o644],
    ...releaseFiles(distribution),
    'etc/hostname': [`${hostname}\n`, 0o644],
    'etc/hosts': [
      `127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\nff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n# --- BEGIN PVE ---\n127.0.1.1 ${hostname}\n# --- END PVE ---\n`,
      0o644,
    ],
    'etc/resolv.conf': ['# --- BEGIN PVE ---\nsearch local\nnameserver 1.1.1.1\n# --- END PVE ---\n', 0o644],
    'etc/passwd': [PASSWD, 0o644],
    'etc/group': [`${GROUPS.map((g) => `${g.replace(':', ':x:')}:`).join('\n')}\n`, 0o644],
    'etc/shadow': [`${users.map(shadowOf).join('\n')}\n`, 0o640],
    'etc/gshadow': [`${GROUPS.map((g) => `${g.split(':')[0]}:*::`).join('\n')}\n`, 0o640],
    'etc/shells': ['# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/dash\n/usr/bin/dash\n', 0o644],
    'etc/nsswitch.conf': [
      'passwd:         files\ngroup:          files\nshadow:         files\nhosts:          files dns\nnetworks:       files\nprotocols:      db files\nservices:       db files\n',
      0o644,
    ],
    'etc/profile': [PROFILE, 0o644],
    'etc/bash.bashrc': [BASH_BASHRC, 0o644],
    'etc/environment': ['', 0o644],
    'etc/default/locale': ['LANG=C.UTF-8\n', 0o644],
    'etc/timezone': ['Etc/UTC\n', 0o644],
    'etc/fstab': ['# UNCONFIGURED FSTAB FOR BASE SYSTEM\n', 0o644],
    'etc/machine-id': [`${crypto.randomBytes(16).toString('hex')}\n`, 0o444],
    ...(rpm
      ? {}
      : {
          'etc/apt/sources.list': [
            'deb http://deb.debian.org/debian bookworm main contrib\n\ndeb http://deb.debian.org/debian bookworm-updates main contrib\n\n# security updates\ndeb http://security.debian.org bookworm-security main contrib\n',
            0o644,
          ] as [string, number],
        }),
    'root/.bashrc': [ROOT_BASHRC, 0o644],
    'root/.profile': [ROOT_PROFILE, 0o644],
  };
}

/** Host files a Debian userland needs to work (dynamic linker cache, alternatives, PAM for su/runuser). */
export const COPIED_FROM_HOST = [
  'etc/ld.so.cache',
  'etc/ld.so.conf',
  'etc/ld.so.conf.d',
  'etc/alternatives',
  'etc/pam.d',
  'etc/security',
  'etc/login.defs',
  'etc/pam.conf',
  'etc/inputrc',
  'etc/skel',
  'etc/adduser.conf',
  'etc/deluser.conf',
];
