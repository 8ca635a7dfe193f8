import { permError } from '../http/errors';
import type { PermCheck, PermissionSpec } from '../schema/types';
import type { AccessControl } from './access-control';
import { isTokenId, splitTokenId } from './access-control';

// Note: `userid-param self` compares the whole auth id, so a token is never "self" for its user.

/**
 * `RPCEnvironment::check_api2_permissions` / `exec_api2_perm_check`: interprets a method's
 * `permissions` block from the schema (`perm`, `and`, `or`, `userid-param`, `userid-group`,
 * `perm-modify`) against the caller's ACLs.
 */
export function checkApiPermissions(acl: AccessControl, spec: PermissionSpec | undefined, authid: string, params: Readonly<Record<string, unknown>>): void {
  if (authid === 'root@pam') return;
  if (!spec) throw permError('user != root@pam');
  if (spec.user === 'all' || spec.user === 'world') return;
  if (spec.check) {
    execCheck(acl, spec.check, authid, params, false);
    return;
  }
  throw permError();
}

/** `template_replace`: `/vms/{vmid}` with the request's parameters. */
function fillTemplate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, key: string) => {
    const v = params[key];
    return v === undefined || v === null ? '' : String(v);
  });
}

function execCheck(acl: AccessControl, check: PermCheck, authid: string, params: Readonly<Record<string, unknown>>, noerr: boolean): boolean {
  const [test, ...rest] = check;
  switch (test) {
    case 'and':
      for (const sub of rest) execCheck(acl, sub as PermCheck, authid, params, false);
      return true;
    case 'or':
      for (const sub of rest) if (execCheck(acl, sub as PermCheck, authid, params, true)) return true;
      if (noerr) return false;
      throw permError();
    case 'perm': {
      const [tmpl, privs, ...optList] = rest as [string, string[], ...unknown[]];
      const opts = toOptions(optList);
      const required = opts['require_param'];
      if (typeof required === 'string' && (params[required] === undefined || params[required] === null)) {
        if (noerr) return false;
        throw permError();
      }
      return acl.check(authid, fillTemplate(tmpl, params), privs, { any: Boolean(opts['any']), noerr });
    }
    case 'userid-param': {
      const userid = String(params['userid'] ?? '');
      const sub = rest[0];
      if (sub === 'self') {
        if (authid === userid && acl.userExists(userid)) return true;
        if (noerr) return false;
        throw permError();
      }
      const realm = userid.split('@')[1] ?? '';
      return acl.check(authid, `/access/realm/${realm}`, ['Realm.AllocateUser'], { noerr });
    }
    case 'userid-group': {
      const [privs] = rest as [string[]];
      return acl.check(authid, '/access/groups', privs, { any: true, noerr });
    }
    case 'perm-modify': {
      const [tmpl] = rest as [string];
      return acl.check(authid, fillTemplate(tmpl, params), ['Permissions.Modify'], { noerr });
    }
    default:
      throw new Error(`unknown permission test '${String(test)}'`);
  }
}

function toOptions(list: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = list[i + 1];
  return out;
}

/** The user part of a token id, or the id itself. */
export function ownerOf(authid: string): string {
  return isTokenId(authid) ? splitTokenId(authid).user : authid;
}
