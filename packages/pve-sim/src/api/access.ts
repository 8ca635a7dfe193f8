import { isTokenId, splitTokenId } from '../auth/access-control';
import { pveDie } from '../http/errors';
import type { Sim } from '../sim';
import type { Route } from './types';

function permissionMap(sim: Sim, authid: string, path: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const priv of [...sim.acl.permissions(authid, path)].sort()) out[priv] = 1;
  return out;
}

/**
 * `GET /access/permissions`: a user or token may dump its own permissions (a user also those of
 * its tokens); anyone else needs `Sys.Audit` on `/access`.
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
        if (isTokenId(target) ? !sim.acl.tokenExists(target) : !sim.acl.userExists(target)) {
          throw pveDie(isTokenId(target) ? `no such token '${splitTokenId(target).token}' for user '${splitTokenId(target).user}'` : `no such user ('${target}')`);
        }
        const path = params['path'];
        if (path !== undefined) return { [path]: permissionMap(sim, target, path) };
        const res: Record<string, Record<string, number>> = {};
        for (const p of sim.acl.aclPaths(target)) {
          const perms = permissionMap(sim, target, p);
          if (Object.keys(perms).length > 0) res[p] = perms;
        }
        return res;
      },
    },
  ];
}
