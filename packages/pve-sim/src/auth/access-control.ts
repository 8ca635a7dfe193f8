import { timingSafeEqual } from 'node:crypto';
import { permError } from '../http/errors';
import { ALL_PRIVILEGES } from './privileges';

/** ACL entries of one user or token: path -> privileges (roles are flattened, propagate=1). */
export type AclMap = ReadonlyMap<string, ReadonlySet<string>>;

export interface TokenRecord {
  /** `user@realm!name` */
  id: string;
  secret: string;
  privsep: boolean;
  acl: AclMap;
}

export class AuthenticationError extends Error {}

const USERID = /^([^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+)$/;
const TOKENID = /^([^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+)!([A-Za-z][A-Za-z0-9.\-_]+)$/;
const EVERYTHING: ReadonlySet<string> = new Set(ALL_PRIVILEGES);

/** `PVE::AccessControl::normalize_path`. */
export function normalizeAclPath(path: string): string {
  const p = `/${path}`.replace(/\/+/g, '/').replace(/\/$/, '');
  return p === '' ? '/' : p;
}

export function splitTokenId(tokenid: string): { user: string; token: string } {
  const m = TOKENID.exec(tokenid);
  if (!m?.[1] || !m[2]) {
    throw new AuthenticationError(`'${tokenid}' is not a valid token ID - not able to split into user and token parts`);
  }
  return { user: m[1], token: m[2] };
}

export const isTokenId = (authid: string): boolean => TOKENID.test(authid);
export const isValidUserId = (userid: string): boolean => USERID.test(userid);

/**
 * Users, tokens and their ACLs, with PVE's permission semantics: a path inherits from its
 * parents, the most specific ACL entry wins, and a privilege-separated token only gets what both
 * it and its user have. `root@pam` has everything; its tokens do too when not separated.
 */
export class AccessControl {
  private readonly users: ReadonlyMap<string, AclMap>;
  private readonly tokens: ReadonlyMap<string, TokenRecord>;
  /** The pool a `/vms/<vmid>` or `/storage/<id>` path belongs to (pool ACLs reach members). */
  private poolOfPath: (path: string) => string | undefined = () => undefined;

  constructor(users: ReadonlyMap<string, AclMap>, tokens: readonly TokenRecord[]) {
    this.users = users;
    this.tokens = new Map(tokens.map((t) => [t.id, t]));
  }

  /** `PVE::AccessControl::verify_token` for the `PVEAPIToken=id=secret` value; returns the token id. */
  verifyToken(apiToken: string): string {
    const m = /^(.*)=(.*)$/s.exec(apiToken);
    if (!m || m[1] === undefined || m[2] === undefined) throw new AuthenticationError('no tokenid specified');
    const tokenid = m[1];
    const { user, token } = splitTokenId(tokenid);
    if (user !== 'root@pam' && !this.users.has(user)) throw new AuthenticationError(`user '${user}' does not exist`);
    const rec = this.tokens.get(tokenid);
    if (!rec) throw new AuthenticationError(`no such token '${token}' for user '${user}'`);
    const a = Buffer.from(rec.secret);
    const b = Buffer.from(m[2]);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AuthenticationError('invalid token value!');
    return tokenid;
  }

  /** Pools live in the simulator's state, which exists only after the ACLs. */
  setPoolResolver(resolve: (path: string) => string | undefined): void {
    this.poolOfPath = resolve;
  }

  userExists(userid: string): boolean {
    return userid === 'root@pam' || this.users.has(userid);
  }

  tokenExists(tokenid: string): boolean {
    return this.tokens.has(tokenid);
  }

  /** `RPCEnvironment::permissions`: the privileges `authid` has on `path`. */
  permissions(authid: string, path: string): ReadonlySet<string> {
    const norm = normalizeAclPath(path);
    if (authid === 'root@pam') return EVERYTHING;
    if (isTokenId(authid)) {
      const rec = this.tokens.get(authid);
      if (!rec) return new Set();
      const userPerms = this.permissions(splitTokenId(authid).user, norm);
      if (!rec.privsep) return userPerms;
      const tokenPerms = this.withPool(rec.acl, norm);
      return new Set([...tokenPerms].filter((p) => userPerms.has(p)));
    }
    const acl = this.users.get(authid);
    return acl ? this.withPool(acl, norm) : new Set();
  }

  /**
   * `compile_acl_path`'s `poolroles`: a member guest or storage also gets what the ACL grants on
   * its pool's path (added to its own, not propagated further).
   */
  private withPool(acl: AclMap, path: string): ReadonlySet<string> {
    const own = effectiveAt(acl, path);
    const pool = this.poolOfPath(path);
    if (pool === undefined) return own;
    return new Set([...own, ...effectiveAt(acl, `/pool/${pool}`)]);
  }

  /** `RPCEnvironment::check_full`; throws a 403 unless `noerr`. */
  check(authid: string, path: string, privs: readonly string[], opts: { any?: boolean; noerr?: boolean } = {}): boolean {
    const norm = normalizeAclPath(path);
    const have = this.permissions(authid, norm);
    if (opts.any) {
      if (privs.some((p) => have.has(p))) return true;
      if (opts.noerr) return false;
      throw permError(`${norm}, ${privs.join('|')}`);
    }
    for (const p of privs) {
      if (!have.has(p)) {
        if (opts.noerr) return false;
        throw permError(`${norm}, ${p}`);
      }
    }
    return true;
  }

  /**
   * The paths `get_effective_permissions` looks at: the top-level ones, plus every path that has
   * an ACL entry in the cluster - for anybody, not only for the user asked about.
   */
  effectivePermissionPaths(): string[] {
    const paths = new Set<string>(TOP_LEVEL_PATHS);
    for (const acl of this.users.values()) acl.forEach((_privs, path) => paths.add(path));
    for (const token of this.tokens.values()) token.acl.forEach((_privs, path) => paths.add(path));
    return [...paths].sort();
  }
}

/** `RPCEnvironment::get_effective_permissions`' "default / top level paths". */
const TOP_LEVEL_PATHS = ['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'];

function effectiveAt(acl: AclMap, path: string): ReadonlySet<string> {
  for (let p = path; ; p = p.slice(0, Math.max(p.lastIndexOf('/'), 1))) {
    const entry = acl.get(p);
    if (entry) return entry;
    if (p === '/') return new Set();
  }
}
