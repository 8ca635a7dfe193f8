/** Parameters of `POST /nodes/{node}/lxc` that are not container config (for a new CT and for a restore alike). */
export const NON_CONFIG_PARAMS: ReadonlySet<string> = new Set([
  'node',
  'vmid',
  'ostemplate',
  'password',
  'storage',
  'force',
  'restore',
  'unique',
  'pool',
  'ignore-unpack-errors',
  'ssh-public-keys',
  'bwlimit',
  'start',
  'ha-managed',
  'unprivileged',
]);
