import { startVzdump, vzdumpOptions } from '../lxc/vzdump';
import type { Route } from './types';

/** pve-manager's `PVE::API2::VZDump` (containers and VMs). */
export function vzdumpRoutes(): Route[] {
  return [
    {
      method: 'POST',
      path: '/nodes/{node}/vzdump',
      handle: ({ sim, authid, params }) => {
        const node = sim.proxyNode(params['node'] ?? '');
        return startVzdump(sim, authid, node, vzdumpOptions(sim, authid, node, params)).upid;
      },
    },
  ];
}
