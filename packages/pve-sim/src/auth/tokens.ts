import { randomUUID } from 'node:crypto';
import { AccessControl, type AclMap, isValidUserId, normalizeAclPath, splitTokenId, type TokenRecord } from './access-control';
import { assertPrivilegeName, KILN_ROLE } from './privileges';

export interface TokenOption {
  /** `user@realm!name`, e.g. `kiln@pve!kiln`. */
  id: string;
  secret?: string;
  /** Privilege separation (default true, as when PVE creates a token). */
  privsep?: boolean;
  /** ACL path -> privileges of the token (default: Kiln's role on `/`). */
  privileges?: Record<string, string[]>;
  /** ACL of the token's user; defaults to the token's own privileges. */
  userPrivileges?: Record<string, string[]>;
}

export const DEFAULT_TOKENS: readonly TokenOption[] = [{ id: 'kiln@pve!kiln', privileges: { '/': [...KILN_ROLE] } }];

function toAcl(privileges: Record<string, string[]>): AclMap {
  const acl = new Map<string, Set<string>>();
  for (const [path, privs] of Object.entries(privileges)) {
    privs.forEach(assertPrivilegeName);
    const key = normalizeAclPath(path);
    acl.set(key, new Set([...(acl.get(key) ?? []), ...privs]));
  }
  return acl;
}

export interface ResolvedTokens {
  acl: AccessControl;
  tokens: Array<{ id: string; secret: string; header: string }>;
}

/**
 * Builds users, tokens and ACLs from the options. Secrets come from the options, else from the
 * data dir (`known`), else are generated - and are written back to `known` so they survive restarts.
 */
export function resolveTokens(options: readonly TokenOption[], known: Record<string, string>): ResolvedTokens {
  const users = new Map<string, AclMap>();
  const records: TokenRecord[] = [];
  for (const opt of options) {
    const { user } = splitTokenId(opt.id);
    if (!isValidUserId(user)) throw new Error(`invalid user id in token '${opt.id}'`);
    const privileges = opt.privileges ?? { '/': [...KILN_ROLE] };
    if (user !== 'root@pam') {
      const userAcl = toAcl(opt.userPrivileges ?? privileges);
      const merged = new Map(users.get(user) ?? []);
      userAcl.forEach((privs, path) => merged.set(path, new Set([...(merged.get(path) ?? []), ...privs])));
      users.set(user, merged);
    }
    const secret = opt.secret ?? known[opt.id] ?? randomUUID();
    known[opt.id] = secret;
    records.push({ id: opt.id, secret, privsep: opt.privsep ?? true, acl: toAcl(privileges) });
  }
  return {
    acl: new AccessControl(users, records),
    tokens: records.map((r) => ({ id: r.id, secret: r.secret, header: `PVEAPIToken=${r.id}=${r.secret}` })),
  };
}
