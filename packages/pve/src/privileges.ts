import type { PvePermissions } from './schemas/access';

export interface RequiredPrivilege {
  /** ACL path the privilege must be granted on (with propagation). */
  path: string;
  privilege: string;
  /** Why Kiln needs it, in words a user understands. */
  purpose: string;
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
];

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

export interface PrivilegeReport {
  ok: boolean;
  required: PrivilegeCheck[];
  missing: PrivilegeCheck[];
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
  const missing = checks.filter((c) => !c.granted);
  return { ok: missing.length === 0, required: checks, missing };
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
  const privs = [...new Set(KILN_REQUIRED_PRIVILEGES.map((p) => p.privilege))].join(',');
  const paths = [...new Set(KILN_REQUIRED_PRIVILEGES.map((p) => p.path))];
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    `pveum role add ${q(role)} --privs ${q(privs)}`,
    `pveum user add ${q(user)} --comment 'Kiln dashboard'`,
    ...paths.map((p) => `pveum acl modify ${q(p)} --users ${q(user)} --roles ${q(role)}`),
    `pveum user token add ${q(user)} ${q(tokenName)} --privsep 1 --comment 'Kiln dashboard'`,
    ...paths.map((p) => `pveum acl modify ${q(p)} --tokens ${q(`${user}!${tokenName}`)} --roles ${q(role)}`),
  ];
}
