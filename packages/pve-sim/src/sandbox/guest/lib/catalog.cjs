// @ts-check
'use strict';
/**
 * The simulated Debian 12 "bookworm" archive: what `apt-get install` can find. Real names,
 * versions and service units for the packages Kiln templates commonly install; any other
 * well-formed name installs as a generic package, except the few in UNKNOWN_PACKAGES (so
 * tests and demos can exercise apt's "Unable to locate package" path).
 */

/**
 * @typedef {{ name: string, description: string, type?: 'simple' | 'forking' | 'notify' | 'oneshot',
 *   execStart: string, after?: string, docs?: string, alias?: string[], wantedBy?: string }} UnitDef
 * @typedef {{ name: string, realPath: string, version: string, versionOnStderr?: boolean }} BinDef
 * @typedef {{ name: string, version: string, arch?: string, section?: string, size?: number,
 *   description: string, depends?: string[], units?: UnitDef[], users?: { name: string, home: string, shell?: string, gecos?: string }[],
 *   groups?: string[], bins?: BinDef[], files?: Record<string, string>, links?: Record<string, string>, essential?: boolean }} PackageDef
 */

/** @type {PackageDef[]} */
const PACKAGES = [
  {
    name: 'nginx',
    version: '1.22.1-9+deb12u1',
    section: 'httpd',
    size: 1296,
    description: 'small, powerful, scalable web/proxy server',
    depends: ['nginx-common'],
    units: [
      {
        name: 'nginx.service',
        description: 'A high performance web server and a reverse proxy server',
        type: 'forking',
        execStart: "/usr/sbin/nginx -g 'daemon on; master_process on;'",
        after: 'network-online.target remote-fs.target nss-lookup.target',
        docs: 'man:nginx(8)',
      },
    ],
    bins: [{ name: 'nginx', realPath: '/usr/sbin/nginx', version: 'nginx version: nginx/1.22.1', versionOnStderr: true }],
    files: {
      '/etc/nginx/nginx.conf':
        'user www-data;\nworker_processes auto;\npid /run/nginx.pid;\ninclude /etc/nginx/modules-enabled/*.conf;\n\nevents {\n\tworker_connections 768;\n}\n\nhttp {\n\tinclude /etc/nginx/mime.types;\n\tinclude /etc/nginx/conf.d/*.conf;\n\tinclude /etc/nginx/sites-enabled/*;\n}\n',
      '/etc/nginx/sites-available/default':
        'server {\n\tlisten 80 default_server;\n\tlisten [::]:80 default_server;\n\troot /var/www/html;\n\tindex index.html index.htm index.nginx-debian.html;\n\tserver_name _;\n\tlocation / {\n\t\ttry_files $uri $uri/ =404;\n\t}\n}\n',
      '/var/www/html/index.nginx-debian.html': '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n',
    },
    links: { '/etc/nginx/sites-enabled/default': '/etc/nginx/sites-available/default' },
  },
  { name: 'nginx-common', version: '1.22.1-9+deb12u1', arch: 'all', section: 'httpd', size: 205, description: 'small, powerful, scalable web/proxy server - common files' },
  { name: 'postgresql', version: '15+248', arch: 'all', section: 'database', size: 16, description: 'object-relational SQL database (supported version)', depends: ['postgresql-15'] },
  {
    name: 'postgresql-15',
    version: '15.10-0+deb12u1',
    section: 'database',
    size: 55005,
    description: "The World's Most Advanced Open Source Relational Database",
    depends: ['postgresql-client-15', 'postgresql-common'],
    units: [{ name: 'postgresql.service', description: 'PostgreSQL RDBMS', type: 'oneshot', execStart: '/bin/true' }],
    users: [{ name: 'postgres', home: '/var/lib/postgresql', shell: '/bin/bash', gecos: 'PostgreSQL administrator,,,' }],
    groups: ['ssl-cert'],
    bins: [{ name: 'postgres', realPath: '/usr/lib/postgresql/15/bin/postgres', version: 'postgres (PostgreSQL) 15.10 (Debian 15.10-0+deb12u1)' }],
    files: {
      '/etc/postgresql/15/main/postgresql.conf': "data_directory = '/var/lib/postgresql/15/main'\nlisten_addresses = 'localhost'\nport = 5432\n",
      '/etc/postgresql/15/main/pg_hba.conf':
        'local   all             postgres                                peer\nlocal   all             all                                     peer\nhost    all             all             127.0.0.1/32            scram-sha-256\n',
    },
  },
  {
    name: 'postgresql-client-15',
    version: '15.10-0+deb12u1',
    section: 'database',
    size: 6091,
    description: 'front-end programs for PostgreSQL 15',
    depends: ['postgresql-client-common'],
    bins: [{ name: 'psql', realPath: '/usr/bin/psql', version: 'psql (PostgreSQL) 15.10 (Debian 15.10-0+deb12u1)' }],
  },
  { name: 'postgresql-common', version: '248', arch: 'all', section: 'database', size: 706, description: 'PostgreSQL database-cluster manager', depends: ['postgresql-client-common'] },
  { name: 'postgresql-client-common', version: '248', arch: 'all', section: 'database', size: 182, description: 'manager for multiple PostgreSQL client versions' },
  {
    name: 'redis-server',
    version: '5:7.0.15-1~deb12u1',
    section: 'database',
    size: 206,
    description: 'Persistent key-value database with network interface',
    depends: ['redis-tools'],
    units: [
      {
        name: 'redis-server.service',
        description: 'Advanced key-value store',
        type: 'notify',
        execStart: '/usr/bin/redis-server /etc/redis/redis.conf --supervised systemd --daemonize no',
        after: 'network.target',
        docs: 'http://redis.io/documentation man:redis-server(1)',
        alias: ['redis.service'],
      },
    ],
    users: [{ name: 'redis', home: '/var/lib/redis', gecos: '' }],
    bins: [{ name: 'redis-server', realPath: '/usr/bin/redis-server', version: 'Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=c4ac9b2e9e7e6b1f' }],
    files: { '/etc/redis/redis.conf': 'bind 127.0.0.1 -::1\nport 6379\ndaemonize yes\nsupervised auto\ndir /var/lib/redis\n' },
  },
  {
    name: 'redis-tools',
    version: '5:7.0.15-1~deb12u1',
    section: 'database',
    size: 4510,
    description: 'Persistent key-value database with network interface (client)',
    bins: [{ name: 'redis-cli', realPath: '/usr/bin/redis-cli', version: 'redis-cli 7.0.15' }],
  },
  {
    name: 'docker.io',
    version: '20.10.24+dfsg1-1+deb12u1',
    section: 'admin',
    size: 122540,
    description: 'Linux container runtime',
    depends: ['containerd', 'runc', 'iptables'],
    units: [
      {
        name: 'docker.service',
        description: 'Docker Application Container Engine',
        type: 'notify',
        execStart: '/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
        after: 'network-online.target docker.socket firewalld.service containerd.service time-set.target',
        docs: 'https://docs.docker.com',
      },
    ],
    groups: ['docker'],
    bins: [
      { name: 'docker', realPath: '/usr/bin/docker', version: 'Docker version 20.10.24+dfsg1, build 297e128' },
      { name: 'dockerd', realPath: '/usr/sbin/dockerd', version: 'Docker version 20.10.24+dfsg1, build 5d6db84' },
    ],
  },
  {
    name: 'containerd',
    version: '1.6.20~ds1-1+b1',
    section: 'admin',
    size: 90114,
    description: 'open and reliable container runtime',
    depends: ['runc'],
    units: [
      {
        name: 'containerd.service',
        description: 'containerd container runtime',
        type: 'notify',
        execStart: '/usr/bin/containerd',
        after: 'network.target local-fs.target',
        docs: 'https://containerd.io',
      },
    ],
    bins: [{ name: 'containerd', realPath: '/usr/bin/containerd', version: 'containerd github.com/containerd/containerd 1.6.20~ds1' }],
  },
  { name: 'runc', version: '1.1.5+ds1-1+deb12u1', section: 'devel', size: 8970, description: 'Open Container Project - runtime' },
  { name: 'iptables', version: '1.8.9-2', section: 'net', size: 2853, description: 'administration tools for packet filtering and NAT' },
  {
    name: 'openssh-server',
    version: '1:9.2p1-2+deb12u3',
    section: 'net',
    size: 1908,
    description: 'secure shell (SSH) server, for secure access from remote machines',
    depends: ['openssh-client', 'openssh-sftp-server'],
    units: [
      {
        name: 'ssh.service',
        description: 'OpenBSD Secure Shell server',
        type: 'notify',
        execStart: '/usr/sbin/sshd -D',
        after: 'network.target auditd.service',
        docs: 'man:sshd(8) man:sshd_config(5)',
        alias: ['sshd.service'],
      },
    ],
    users: [{ name: 'sshd', home: '/run/sshd' }],
    bins: [{ name: 'sshd', realPath: '/usr/sbin/sshd', version: 'OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024', versionOnStderr: true }],
    files: {
      '/etc/ssh/sshd_config':
        'Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_*\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n',
    },
  },
  { name: 'openssh-client', version: '1:9.2p1-2+deb12u3', section: 'net', size: 5190, description: 'secure shell (SSH) client, for secure access to remote machines' },
  { name: 'openssh-sftp-server', version: '1:9.2p1-2+deb12u3', section: 'net', size: 207, description: 'secure shell (SSH) sftp server module, for SFTP access from remote machines' },
  {
    name: 'mariadb-server',
    version: '1:10.11.6-0+deb12u1',
    arch: 'all',
    section: 'database',
    size: 78,
    description: 'MariaDB database server (metapackage depending on the latest version)',
    units: [
      {
        name: 'mariadb.service',
        description: 'MariaDB 10.11.6 database server',
        type: 'notify',
        execStart: '/usr/sbin/mariadbd',
        after: 'network.target',
        docs: 'man:mariadbd(8)',
        alias: ['mysql.service', 'mysqld.service'],
      },
    ],
    users: [{ name: 'mysql', home: '/nonexistent', gecos: 'MySQL Server,,,' }],
    bins: [{ name: 'mariadb', realPath: '/usr/bin/mariadb', version: 'mariadb  Ver 15.1 Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64) using  EditLine wrapper' }],
  },
  {
    name: 'apache2',
    version: '2.4.62-1~deb12u2',
    section: 'httpd',
    size: 564,
    description: 'Apache HTTP Server',
    units: [
      {
        name: 'apache2.service',
        description: 'The Apache HTTP Server',
        type: 'forking',
        execStart: '/usr/sbin/apachectl start',
        after: 'network.target remote-fs.target nss-lookup.target',
        docs: 'https://httpd.apache.org/docs/2.4/',
      },
    ],
    bins: [{ name: 'apache2', realPath: '/usr/sbin/apache2', version: 'Server version: Apache/2.4.62 (Debian)' }],
  },
  {
    name: 'fail2ban',
    version: '1.0.2-2',
    arch: 'all',
    section: 'net',
    size: 2144,
    description: 'ban hosts that cause multiple authentication errors',
    units: [
      {
        name: 'fail2ban.service',
        description: 'Fail2Ban Service',
        type: 'simple',
        execStart: '/usr/bin/fail2ban-server -xf start',
        after: 'network.target iptables.service firewalld.service ip6tables.service ipset.service nftables.service',
        docs: 'man:fail2ban(1)',
      },
    ],
  },
  { name: 'nodejs', version: '18.19.0+dfsg-6~deb12u2', section: 'javascript', size: 1045, description: 'evented I/O for V8 javascript - runtime executable' },
  { name: 'curl', version: '7.88.1-10+deb12u8', section: 'web', size: 500, description: 'command line tool for transferring data with URL syntax', depends: ['libcurl4'] },
  { name: 'libcurl4', version: '7.88.1-10+deb12u8', section: 'libs', size: 1063, description: 'easy-to-use client-side URL transfer library (OpenSSL flavour)' },
  { name: 'wget', version: '1.21.3-1+b2', section: 'web', size: 3538, description: 'retrieves files from the web' },
  { name: 'git', version: '1:2.39.5-0+deb12u1', section: 'vcs', size: 42542, description: 'fast, scalable, distributed revision control system', depends: ['git-man'] },
  { name: 'git-man', version: '1:2.39.5-0+deb12u1', arch: 'all', section: 'doc', size: 2164, description: 'fast, scalable, distributed revision control system (manual pages)' },
  { name: 'gnupg', version: '2.2.40-1.1', arch: 'all', section: 'utils', size: 885, description: 'GNU privacy guard - a free PGP replacement' },
  { name: 'jq', version: '1.6-2.1', section: 'utils', size: 102, description: 'lightweight and flexible command-line JSON processor' },
  { name: 'unzip', version: '6.0-28', section: 'utils', size: 385, description: 'De-archiver for .zip files' },
  { name: 'sudo', version: '1.9.13p3-1+deb12u1', section: 'admin', size: 6216, description: 'Provide limited super user privileges to specific users' },
  { name: 'python3', version: '3.11.2-1+b1', section: 'python', size: 83, description: 'interactive high-level object-oriented language (default python3 version)' },
  { name: 'htop', version: '3.2.2-2', section: 'utils', size: 425, description: 'interactive processes viewer' },
  { name: 'vim', version: '2:9.0.1378-2', section: 'editors', size: 3747, description: 'Vi IMproved - enhanced vi editor' },
  {
    name: 'ufw',
    version: '0.36.2-1',
    arch: 'all',
    section: 'admin',
    size: 880,
    description: 'program for managing a Netfilter firewall',
    units: [{ name: 'ufw.service', description: 'Uncomplicated firewall', type: 'oneshot', execStart: '/lib/ufw/ufw-init start quiet', docs: 'man:ufw(8)' }],
  },
  // Present in the PVE "debian-12-standard" template before anything is installed.
  { name: 'base-files', version: '12.4+deb12u8', section: 'admin', size: 340, description: 'Debian base system miscellaneous files', essential: true },
  { name: 'bash', version: '5.2.15-2+b7', section: 'shells', size: 7163, description: 'GNU Bourne Again SHell', essential: true },
  { name: 'coreutils', version: '9.1-1', section: 'utils', size: 18062, description: 'GNU core utilities', essential: true },
  { name: 'dpkg', version: '1.21.22', section: 'admin', size: 6459, description: 'Debian package management system', essential: true },
  { name: 'apt', version: '2.6.1', section: 'admin', size: 4319, description: 'commandline package manager' },
  { name: 'libc6', version: '2.36-9+deb12u9', section: 'libs', size: 12985, description: 'GNU C Library: Shared libraries' },
  {
    name: 'systemd',
    version: '252.33-1~deb12u1',
    section: 'admin',
    size: 14312,
    description: 'system and service manager',
    units: [
      {
        name: 'systemd-journald.service',
        description: 'Journal Service',
        type: 'notify',
        execStart: '/lib/systemd/systemd-journald',
        docs: 'man:systemd-journald.service(8) man:journald.conf(5)',
        wantedBy: '',
      },
      {
        name: 'systemd-logind.service',
        description: 'User Login Management',
        type: 'notify',
        execStart: '/lib/systemd/systemd-logind',
        docs: 'man:sd-login(3) man:systemd-logind.service(8)',
        wantedBy: '',
      },
    ],
  },
  { name: 'systemd-sysv', version: '252.33-1~deb12u1', section: 'admin', size: 127, description: 'system and service manager - SysV compatibility symlinks' },
  {
    name: 'ifupdown',
    version: '0.8.41',
    section: 'admin',
    size: 298,
    description: 'high level tools to configure network interfaces',
    units: [
      {
        name: 'networking.service',
        description: 'Raise network interfaces',
        type: 'oneshot',
        execStart: '/sbin/ifup -a --read-environment',
        docs: 'man:interfaces(5)',
        wantedBy: 'network-online.target',
      },
    ],
  },
  { name: 'iproute2', version: '6.1.0-3', section: 'net', size: 3380, description: 'networking and traffic control tools' },
  { name: 'procps', version: '2:4.0.2-3', section: 'admin', size: 2389, description: '/proc file system utilities' },
  { name: 'less', version: '590-2.1~deb12u2', section: 'text', size: 694, description: 'pager program similar to more' },
  { name: 'nano', version: '7.2-1+deb12u1', section: 'editors', size: 2812, description: 'small, friendly text editor inspired by Pico' },
  { name: 'locales', version: '2.36-9+deb12u9', arch: 'all', section: 'localization', size: 16867, description: 'GNU C Library: National Language (locale) data [support]' },
  { name: 'ca-certificates', version: '20230311', arch: 'all', section: 'misc', size: 382, description: 'Common CA certificates' },
  {
    name: 'cron',
    version: '3.0pl1-162',
    section: 'admin',
    size: 243,
    description: 'process scheduling daemon',
    units: [{ name: 'cron.service', description: 'Regular background program processing daemon', type: 'simple', execStart: '/usr/sbin/cron -f $EXTRA_OPTS', docs: 'man:cron(8)' }],
  },
  {
    name: 'postfix',
    version: '3.7.11-0+deb12u1',
    section: 'mail',
    size: 4196,
    description: 'High-performance mail transport agent',
    units: [{ name: 'postfix.service', description: 'Postfix Mail Transport Agent', type: 'oneshot', execStart: '/bin/true', docs: 'man:postfix(1)' }],
    users: [{ name: 'postfix', home: '/var/spool/postfix' }],
    groups: ['postdrop'],
  },
];

/** What the PVE debian-12-standard template ships with (installed by createRootfs). */
const BASE_PACKAGES = [
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
];

/** Well-formed names that the simulated archive does not carry. */
const UNKNOWN_PACKAGES = new Set(['does-not-exist', 'nonexistent', 'no-such-package', 'kiln-missing-package', 'foobarbaz']);

/** Debian policy 5.6.1: lowercase letters, digits, + - . ; at least two chars, starts alphanumeric. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

const byName = new Map(PACKAGES.map((p) => [p.name, p]));

/**
 * Look a requested name up in the archive. Accepts `name=version` and `name:arch` like apt.
 * @param {string} request
 * @returns {PackageDef | undefined}
 */
function findPackage(request) {
  const name = request.replace(/=.*$/, '').replace(/:(amd64|all|any|native)$/, '');
  if (!PACKAGE_NAME.test(name) || UNKNOWN_PACKAGES.has(name) || name.startsWith('nonexistent')) return undefined;
  return byName.get(name) ?? { name, version: '1.0-1', section: 'misc', size: 120, description: `${name} (simulated package)` };
}

module.exports = { PACKAGES, BASE_PACKAGES, findPackage, PACKAGE_NAME };
