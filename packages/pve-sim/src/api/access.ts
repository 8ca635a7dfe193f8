import { isTokenId, splitTokenId } from '../auth/access-control';
import type { Sim } from '../sim';
import type { Route } from './types';

/** privilege -> propagate flag (every simulated ACL entry propagates). */
function permissionMap(sim: Sim, authid: string, path: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const priv of [...sim.acl.permissions(authid, path)].sort()) out[priv] = 1;
  return out;
}

/**
 * `GET /access/permissions` (pve-access-control `API2/AccessControl.pm`): a user or token may dump
 * its own permissions (a user also those of its tokens); anyone else needs `Sys.Audit` on
 * `/access`. Unknown users and tokens are not an error: they simply have no privileges.
 */
export function accessRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/access/permissions',
      handle: ({ sim, authid, params }) => {
        const target = params['userid'] ?? authid;
        const own = target === authid || (isTokenId(target) && splitTokenId(target).user === authid);
        if (!own) sim.acl.check(authid, '/access', ['Sys.Audit']);
        // `if (my $path = $param->{path})`: an empty path dumps the whole tree
        const path = params['path'];
        if (path) return { [path]: permissionMap(sim, target, path) };
        // `get_effective_permissions`: top-level paths and every ACL path, minus the empty ones
        const res: Record<string, Record<string, number>> = {};
        for (const p of sim.acl.effectivePermissionPaths()) {
          const perms = permissionMap(sim, target, p);
          if (Object.keys(perms).length > 0) res[p] = perms;
        }
        return res;
      },
    },
  ];
}
