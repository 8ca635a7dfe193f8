/** Every privilege a PVE 9 node knows (the `Administrator` role holds all of them). */
export const ALL_PRIVILEGES = [
  'Datastore.Allocate',
  'Datastore.AllocateSpace',
  'Datastore.AllocateTemplate',
  'Datastore.Audit',
  'Group.Allocate',
  'Mapping.Audit',
  'Mapping.Modify',
  'Mapping.Use',
  'Permissions.Modify',
  'Pool.Allocate',
  'Pool.Audit',
  'Realm.Allocate',
  'Realm.AllocateUser',
  'SDN.Allocate',
  'SDN.Audit',
  'SDN.Use',
  'Sys.AccessNetwork',
  'Sys.Audit',
  'Sys.Console',
  'Sys.Incoming',
  'Sys.Modify',
  'Sys.PowerMgmt',
  'Sys.Syslog',
  'User.Modify',
  'VM.Allocate',
  'VM.Audit',
  'VM.Backup',
  'VM.Clone',
  'VM.Config.CDROM',
  'VM.Config.CPU',
  'VM.Config.Cloudinit',
  'VM.Config.Disk',
  'VM.Config.HWType',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.Options',
  'VM.Console',
  'VM.GuestAgent.Audit',
  'VM.GuestAgent.FileRead',
  'VM.GuestAgent.FileSystemMgmt',
  'VM.GuestAgent.FileWrite',
  'VM.GuestAgent.Unrestricted',
  'VM.Migrate',
  'VM.PowerMgmt',
  'VM.Replicate',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
] as const;

const KNOWN = new Set<string>(ALL_PRIVILEGES);

/** Kiln's least-privilege role: what the dashboard needs, and nothing that reaches the host. */
export const KILN_ROLE: readonly string[] = [
  'VM.Allocate',
  'VM.Audit',
  'VM.Config.Disk',
  'VM.Config.CPU',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.Options',
  'VM.PowerMgmt',
  'VM.Console',
  // the addresses of VMs come from their guest agent (`agent/network-get-interfaces`)
  'VM.GuestAgent.Audit',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
  'Datastore.AllocateSpace',
  'Datastore.AllocateTemplate',
  'Datastore.Audit',
  'Sys.Audit',
  'SDN.Use',
];

/** What Kiln's setup grants on top of its role for the optional backup features (`/` for jobs). */
export const KILN_BACKUP_PRIVILEGES: readonly string[] = ['VM.Backup', 'Datastore.Allocate', 'Sys.Modify'];

export const PRIVILEGE_PRESETS: Record<string, readonly string[]> = {
  kiln: KILN_ROLE,
  'kiln-backups': [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES],
  admin: ALL_PRIVILEGES,
  audit: ['VM.Audit', 'Datastore.Audit', 'Sys.Audit', 'SDN.Audit', 'Pool.Audit', 'Mapping.Audit'],
};

/** `verify_privname`. */
export function assertPrivilegeName(priv: string): void {
  if (!KNOWN.has(priv)) throw new Error(`invalid privilege name '${priv}'`);
}

/** A preset name (`kiln`, `admin`, `audit`) or a comma-separated privilege list. */
export function parsePrivilegeSpec(spec: string): string[] {
  const preset = PRIVILEGE_PRESETS[spec];
  if (preset) return [...preset];
  const privs = spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  privs.forEach(assertPrivilegeName);
  return privs;
}
