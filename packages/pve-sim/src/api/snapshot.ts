import {
  createGuestSnapshot,
  deleteGuestSnapshot,
  guestSnapshotConfig,
  listGuestSnapshots,
  rollbackGuestSnapshot,
  updateGuestSnapshotDescription,
  type SnapshotGuest,
  type SnapshotKind,
} from '../guest-snapshot';
import { configForApi } from '../lxc/config-schema';
import { LXC_SNAPSHOTS } from '../lxc/snapshot';
import { QEMU_SNAPSHOTS } from '../qemu/snapshot';
import { qemuKeysForApi } from './qemu';
import type { Sim } from '../sim';
import { boolParam, type Route } from './types';

const vmid = (p: Readonly<Record<string, string>>): number => Number(p['vmid']);
const node = (p: Readonly<Record<string, string>>): string => p['node'] ?? '';
const snapname = (p: Readonly<Record<string, string>>): string => p['snapname'] ?? '';

/** A section's keys as the config API answers them (integers and booleans as numbers where the schema says so). */
type SectionForApi = (config: Record<string, string>) => Record<string, unknown>;

/** `PVE::API2::LXC::Snapshot` and qemu-server's snapshot methods: the same API over either guest type. */
function routesFor<G extends SnapshotGuest>(type: 'lxc' | 'qemu', kind: SnapshotKind<G>, sectionForApi: (sim: Sim) => SectionForApi): Route[] {
  const base = `/nodes/{node}/${type}/{vmid}/snapshot`;
  return [
    {
      method: 'GET',
      path: base,
      handle: ({ sim, params }) => listGuestSnapshots(sim, kind, kind.load(sim, sim.proxyNode(node(params)).name, vmid(params))),
    },
    {
      method: 'POST',
      path: base,
      handle: ({ sim, authid, params }) =>
        createGuestSnapshot(sim, kind, authid, node(params), vmid(params), snapname(params), {
          ...(params['description'] !== undefined ? { description: params['description'] } : {}),
          vmstate: boolParam(params, 'vmstate'),
        }).upid,
    },
    // `snapshot_cmd_idx` reads nothing: any snapshot name answers
    { method: 'GET', path: `${base}/{snapname}`, handle: () => [{ cmd: 'rollback' }, { cmd: 'config' }] },
    {
      method: 'DELETE',
      path: `${base}/{snapname}`,
      handle: ({ sim, authid, params }) => deleteGuestSnapshot(sim, kind, authid, node(params), vmid(params), snapname(params), boolParam(params, 'force')).upid,
    },
    {
      method: 'GET',
      path: `${base}/{snapname}/config`,
      handle: ({ sim, params }) => {
        const guest = kind.load(sim, sim.proxyNode(node(params)).name, vmid(params));
        const snap = guestSnapshotConfig(guest, snapname(params));
        const { digest: _digest, ...config } = sectionForApi(sim)(snap.config);
        return { ...config, snaptime: snap.snaptime, ...(snap.description !== undefined ? { description: snap.description } : {}), ...(snap.snapstate ? { snapstate: snap.snapstate } : {}) };
      },
    },
    {
      method: 'PUT',
      path: `${base}/{snapname}/config`,
      handle: async ({ sim, params }) => {
        await updateGuestSnapshotDescription(sim, kind, sim.proxyNode(node(params)).name, vmid(params), snapname(params), params['description']);
        return null;
      },
    },
    {
      method: 'POST',
      path: `${base}/{snapname}/rollback`,
      handle: ({ sim, authid, params }) => rollbackGuestSnapshot(sim, kind, authid, node(params), vmid(params), snapname(params), boolParam(params, 'start')).upid,
    },
  ];
}

export function snapshotRoutes(): Route[] {
  return [...routesFor('lxc', LXC_SNAPSHOTS, () => configForApi), ...routesFor('qemu', QEMU_SNAPSHOTS, (sim) => (config) => qemuKeysForApi(sim, config))];
}
