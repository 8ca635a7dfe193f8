import { configForApi } from '../lxc/config-schema';
import { createSnapshot, deleteSnapshot, listSnapshots, rollbackSnapshot, snapshotConfig, updateSnapshotDescription } from '../lxc/snapshot';
import { boolParam, type Route } from './types';

const vmid = (p: Readonly<Record<string, string>>): number => Number(p['vmid']);
const node = (p: Readonly<Record<string, string>>): string => p['node'] ?? '';
const snapname = (p: Readonly<Record<string, string>>): string => p['snapname'] ?? '';

/** pve-container's `PVE::API2::LXC::Snapshot`. */
export function snapshotRoutes(): Route[] {
  const base = '/nodes/{node}/lxc/{vmid}/snapshot';
  return [
    {
      method: 'GET',
      path: base,
      handle: ({ sim, params }) => listSnapshots(sim, sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params))),
    },
    {
      method: 'POST',
      path: base,
      handle: ({ sim, authid, params }) => createSnapshot(sim, authid, node(params), vmid(params), snapname(params), params['description']).upid,
    },
    // `snapshot_cmd_idx` reads nothing: any snapshot name answers
    { method: 'GET', path: `${base}/{snapname}`, handle: () => [{ cmd: 'rollback' }, { cmd: 'config' }] },
    {
      method: 'DELETE',
      path: `${base}/{snapname}`,
      handle: ({ sim, authid, params }) => deleteSnapshot(sim, authid, node(params), vmid(params), snapname(params), boolParam(params, 'force')).upid,
    },
    {
      method: 'GET',
      path: `${base}/{snapname}/config`,
      handle: ({ sim, params }) => {
        const ct = sim.loadConfig(sim.proxyNode(node(params)).name, vmid(params));
        const snap = snapshotConfig(ct, snapname(params));
        const { digest: _digest, ...config } = configForApi(snap.config);
        return { ...config, snaptime: snap.snaptime, ...(snap.description !== undefined ? { description: snap.description } : {}), ...(snap.snapstate ? { snapstate: snap.snapstate } : {}) };
      },
    },
    {
      method: 'PUT',
      path: `${base}/{snapname}/config`,
      handle: async ({ sim, params }) => {
        await updateSnapshotDescription(sim, sim.proxyNode(node(params)).name, vmid(params), snapname(params), params['description']);
        return null;
      },
    },
    {
      method: 'POST',
      path: `${base}/{snapname}/rollback`,
      handle: ({ sim, authid, params }) => rollbackSnapshot(sim, authid, node(params), vmid(params), snapname(params), boolParam(params, 'start')).upid,
    },
  ];
}
