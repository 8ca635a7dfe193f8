import type { PvePermissions } from './schemas/access';

/**
 * Optional features: a token without their privileges still runs Kiln (the node is not broken);
 * only that feature is unavailable, and the node page says what to grant.
 */
export const KILN_FEATURES = {
  backups: 'Backups and restore',
  'backup-jobs': 'Backup schedules',
  'vm-addresses': 'IP addresses of VMs',
  'image-delete': 'Deleting OS images',
  'oci-pull': 'Pulling OCI images from a registry',
} as const;
export type KilnFeature = keyof typeof KILN_FEATURES;

export interface RequiredPrivilege {
  /** ACL path the privilege must be granted on (with propagation). */
  path: string;
  privilege: string;
  /** Why Kiln needs it, in words a user understands. */
  purpose: string;
  /** Set when only this optional feature needs it; unset: Kiln itself does. */
  feature?: KilnFeature;
}

/** Everything Kiln does with its API token, and nothing more. */
export const KILN_REQUIRED_PRIVILEGES: readonly RequiredPrivilege[] = [
  { path: '/vms', privilege: 'VM.Allocate', purpose: 'create and delete containers' },
  { path: '/vms', privilege: 'VM.Audit', purpose: 'list containers and read their config and status' },
  { path: '/vms', privilege: 'VM.Config.Disk', purpose: 'set the root disk and mount points' },
  { path: '/vms', privilege: 'VM.Config.CPU', purpose: 'set CPU cores and limits' },
  { path: '/vms', privilege: 'VM.Config.Memory', purpose: 'set memory and swap' },
  { path: '/vms', privilege: 'VM.Config.Network', purpose: 'configure network interfaces' },
  { path: '/vms', privilege: 'VM.Config.Options', purpose: 'set hostname, tags, description, DNS and boot options' },
  { path: '/vms', privilege: 'VM.PowerMgmt', purpose: 'start, stop, shut down and reboot containers' },
  { path: '/vms', privilege: 'VM.Console', purpose: 'open a console to a container' },
  { path: '/vms', privilege: 'VM.Snapshot', purpose: 'take and delete container snapshots' },
  { path: '/vms', privilege: 'VM.Snapshot.Rollback', purpose: 'roll a container back to a snapshot' },
  { path: '/storage', privilege: 'Datastore.AllocateSpace', purpose: 'allocate container disks on storage' },
  { path: '/storage', privilege: 'Datastore.AllocateTemplate', purpose: 'download container templates' },
  { path: '/storage', privilege: 'Datastore.Audit', purpose: 'list storages, their usage and templates' },
  { path: '/nodes', privilege: 'Sys.Audit', purpose: 'read node status, metrics and task logs' },
  { path: '/sdn/zones', privilege: 'SDN.Use', purpose: 'attach containers to bridges and SDN vnets' },
  // backups (day-2): vzdump, restore, archive listing and deletion
  { path: '/vms', privilege: 'VM.Backup', purpose: 'back up containers and restore their backups', feature: 'backups' },
  { path: '/storage', privilege: 'Datastore.AllocateSpace', purpose: 'write backup archives to the backup storage', feature: 'backups' },
  { path: '/storage', privilege: 'Datastore.Audit', purpose: 'list backup archives', feature: 'backups' },
  // backup schedules: PVE's own jobs (`/cluster/backup`) live on `/`
  { path: '/', privilege: 'Sys.Audit', purpose: 'read backup jobs and which containers no job covers', feature: 'backup-jobs' },
  { path: '/', privilege: 'Sys.Modify', purpose: 'create, edit and delete backup jobs', feature: 'backup-jobs' },
  { path: '/storage', privilege: 'Datastore.Allocate', purpose: 'apply a job’s retention when Kiln runs it now', feature: 'backup-jobs' },
  // VM addresses come from the QEMU guest agent (`agent/network-get-interfaces`)
  { path: '/vms', privilege: 'VM.GuestAgent.Audit', purpose: 'read the IP addresses of VMs from their QEMU guest agent', feature: 'vm-addresses' },
  // OS images page: deleting a template volume, and PVE 9.1's `oci-registry-pull` (the node reaches the registry)
  { path: '/storage', privilege: 'Datastore.Allocate', purpose: 'delete unused OS images (container templates) from storage', feature: 'image-delete' },
  { path: '/storage', privilege: 'Datastore.AllocateTemplate', purpose: 'store OCI images pulled from a registry', feature: 'oci-pull' },
  { path: '/nodes', privilege: 'Sys.AccessNetwork', purpose: 'let the node pull OCI images from a registry', feature: 'oci-pull' },
];

/** What one Kiln action needs on one object (the operation checks these before anything runs). */
export function featurePrivileges(feature: KilnFeature): RequiredPrivilege[] {
  return KILN_REQUIRED_PRIVILEGES.filter((p) => p.feature === feature);
}

/**
 * What the user reads when PVE refused a call for a missing privilege (403): which privilege, why
 * Kiln needs it, and the one command that adds it to the Kiln role (`--append` keeps the others).
 * `privilege` is PVE's text, which may list alternatives (`VM.Snapshot|VM.Snapshot.Rollback`).
 */
export function missingPrivilegeMessage(privilege: string, aclPath = '/', role = 'Kiln'): string {
  const names = privilege.split('|').filter(Boolean);
  const known = names.map((n) => KILN_REQUIRED_PRIVILEGES.find((r) => r.privilege === n)).find((r) => r !== undefined);
  const name = known?.privilege ?? names[0] ?? privilege;
  const why = known ? `, which Kiln needs to ${known.purpose}` : '';
  return `The API token lacks the privilege ${names.join(' or ')} on ${aclPath}${why}. Grant it as root on a node: pveum role modify ${role} --privs ${name} --append 1 (or see Settings → Nodes → least-privilege setup).`;
}

export interface PrivilegeCheck extends RequiredPrivilege {
  granted: boolean;
}

export interface FeatureCheck {
  feature: KilnFeature;
  label: string;
  available: boolean;
  missing: PrivilegeCheck[];
}

export interface PrivilegeReport {
  /** Kiln's own privileges are all there (optional features do not count). */
  ok: boolean;
  required: PrivilegeCheck[];
  /** Kiln's own privileges that are missing. */
  missing: PrivilegeCheck[];
  /** Each optional feature, and what it lacks. */
  features: FeatureCheck[];
}

function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) out.push(`/${parts.slice(0, i).join('/')}`);
  return out.map((p) => (p === '/' ? '/' : p.replace(/\/$/, '')));
}

/**
 * Whether `privilege` applies to the children of `path` (Kiln acts on `/vms/101`, `/storage/local`,
 * `/nodes/pve1`, ...). PVE lists effective privileges per path; the nearest listed path decides,
 * and it must propagate. A privilege listed at an ancestor also has to propagate to count.
 */
export function hasPrivilege(perms: PvePermissions, path: string, privilege: string): boolean {
  const own = perms[path];
  if (own !== undefined) return own[privilege] === true;
  for (const ancestor of ancestors(path)) {
    const entry = perms[ancestor];
    if (entry !== undefined) return entry[privilege] === true;
  }
  return false;
}

export function privilegeReport(perms: PvePermissions, required: readonly RequiredPrivilege[] = KILN_REQUIRED_PRIVILEGES): PrivilegeReport {
  const checks = required.map((r) => ({ ...r, granted: hasPrivilege(perms, r.path, r.privilege) }));
  const missing = checks.filter((c) => !c.granted && !c.feature);
  const features = (Object.keys(KILN_FEATURES) as KilnFeature[]).map((feature) => {
    const lacks = checks.filter((c) => c.feature === feature && !c.granted);
    return { feature, label: KILN_FEATURES[feature], available: lacks.length === 0, missing: lacks };
  });
  return { ok: missing.length === 0, required: checks, missing, features };
}

/**
 * Whether the token may do what one action needs on its objects (`/vms/101`, `/storage/local`):
 * the privileges it lacks, in PVE's words (`VM.Backup on /vms/101`). Empty: go ahead.
 */
export function lackingPrivileges(perms: PvePermissions, needs: ReadonlyArray<{ path: string; privilege: string }>): string[] {
  return needs.filter((n) => !hasPrivilege(perms, n.path, n.privilege)).map((n) => `${n.privilege} on ${n.path}`);
}

export interface PveumSetup {
  user?: string;
  tokenName?: string;
  role?: string;
}

/**
 * Shell commands (run as root on any node) that create a `Kiln` role with exactly the required
 * privileges, a `kiln@pve` user, and a privilege-separated token; ACLs go to both user and token,
 * since a separated token gets the intersection of its own and its user's privileges.
 */
export function renderPveumCommands(setup: PveumSetup = {}): string[] {
  const user = setup.user ?? 'kiln@pve';
  const tokenName = setup.tokenName ?? 'kiln';
  const role = setup.role ?? 'Kiln';
  const [below, top] = splitByRoot(KILN_REQUIRED_PRIVILEGES, role);
  const acls = (who: string) => [below, top].flatMap((g) => g.paths.map((p) => `pveum acl modify ${q(p)} ${who} --roles ${q(g.role)}`));
  return [
    ...[below, top].map((g) => `pveum role add ${q(g.role)} --privs ${q(g.privs.join(','))}`),
    `pveum user add ${q(user)} --comment 'Kiln dashboard'`,
    ...acls(`--users ${q(user)}`),
    `pveum user token add ${q(user)} ${q(tokenName)} --privsep 1 --comment 'Kiln dashboard'`,
    ...acls(`--tokens ${q(`${user}!${tokenName}`)}`),
  ];
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

interface RoleGrant {
  role: string;
  privs: string[];
  paths: string[];
}

/**
 * Privileges on `/` (backup jobs' Sys.Modify) get a role of their own, granted on `/` only: the
 * main role on `/` would propagate VM.Allocate and the rest to every path PVE has.
 */
function splitByRoot(privileges: readonly RequiredPrivilege[], role: string): [RoleGrant, RoleGrant] {
  const uniq = (xs: string[]) => [...new Set(xs)];
  const below = privileges.filter((p) => p.path !== '/');
  const top = privileges.filter((p) => p.path === '/');
  return [
    { role, privs: uniq(below.map((p) => p.privilege)), paths: uniq(below.map((p) => p.path)) },
    { role: `${role}Jobs`, privs: uniq(top.map((p) => p.privilege)), paths: ['/'] },
  ];
}

/**
 * What to run (as root on a node) to grant an existing token what an optional feature lacks,
 * assuming Kiln's roles from renderPveumCommands: the roles gain the privileges (created when
 * missing), and the token and its user get them on the paths.
 */
export function renderFeatureGrantCommands(tokenId: string, missing: readonly RequiredPrivilege[], setup: { role?: string } = {}): string[] {
  if (missing.length === 0) return [];
  const user = tokenId.split('!')[0] ?? tokenId;
  const grants = splitByRoot(missing, setup.role ?? 'Kiln').filter((g) => g.privs.length > 0);
  return grants.flatMap((g) => [
    `pveum role modify ${q(g.role)} --append 1 --privs ${q(g.privs.join(','))} || pveum role add ${q(g.role)} --privs ${q(g.privs.join(','))}`,
    ...g.paths.flatMap((p) => [`pveum acl modify ${q(p)} --users ${q(user)} --roles ${q(g.role)}`, `pveum acl modify ${q(p)} --tokens ${q(tokenId)} --roles ${q(g.role)}`]),
  ]);
}

/**
 * What Kiln says when a node's token lacks privileges an operation needs (`lacking` as
 * `lackingPrivileges` gives it): nothing was started, what is missing, and a command that grants it.
 */
export function lackingPrivilegesRefusal(tokenId: string, feature: KilnFeature | undefined, lacking: readonly string[]): string {
  const grant = feature
    ? renderFeatureGrantCommands(
        tokenId,
        featurePrivileges(feature).filter((r) => lacking.some((l) => l.startsWith(`${r.privilege} on `))),
      )
    : [];
  return `The node’s API token ${tokenId} lacks ${lacking.join(', ')}, so Kiln started nothing. Grant it on Proxmox VE${grant.length ? ` (for example: ${grant[0]})` : ''}; the node’s settings page lists the commands.`;
}
