import { describe, expect, it } from 'vitest';
import type { KilnRow } from '@kiln/db';
import type { VisibleNode } from '../nodes/access';
import { buildRows, type ClusterView } from './reader';
import type { ClusterSnapshot } from './snapshot';

const node = { id: 'n1', name: 'lab', access: 'owner', ownerName: 'alice', isDefault: true } as VisibleNode;
const snapshot = (guests: ClusterSnapshot['guests']): ClusterSnapshot => ({
  clusterKey: 'u:c:lab',
  viaNodeId: 'n1',
  fetchedAt: 1,
  attemptedAt: 1,
  guests,
  nodes: [{ node: 'pve1', status: 'online' }],
});
const cluster = (guests: ClusterSnapshot['guests']): ClusterView => ({ clusterKey: 'u:c:lab', nodes: [node], snapshot: snapshot(guests) });
const kiln = (over: Partial<KilnRow>): KilnRow => ({
  id: 'c1',
  nodeId: 'n1',
  vmid: 110,
  hostname: 'walk-web',
  pveNode: 'pve1',
  lifecycle: 'creating',
  templateSlug: 'nginx-static',
  templateVersion: '1.0.0',
  step: null,
  ...over,
});

describe('buildRows', () => {
  it('names a guest PVE lists before its first status broadcast (no name, status unknown) after Kiln’s row', () => {
    // What /cluster/resources lists right after the create: the VMID, no name, `status: unknown`.
    const fresh = { vmid: 110, type: 'lxc' as const, name: 'CT 110', node: 'pve1', status: 'unknown', tags: [], template: false };
    const { rows } = buildRows([cluster([fresh])], [kiln({})]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ vmid: 110, name: 'walk-web', status: 'creating', kiln: { lifecycle: 'creating' } });
    // Ready: the name still comes from Kiln until PVE has one; the status stays PVE's.
    expect(buildRows([cluster([fresh])], [kiln({ lifecycle: 'ready' })]).rows[0]).toMatchObject({ name: 'walk-web', status: 'unknown' });
  });

  it('keeps the name PVE reports, also when it differs from Kiln’s (renamed in PVE)', () => {
    const named = { vmid: 110, type: 'lxc' as const, name: 'renamed', node: 'pve1', status: 'running', tags: [], template: false };
    expect(buildRows([cluster([named])], [kiln({ lifecycle: 'ready' })]).rows[0]).toMatchObject({ name: 'renamed', status: 'running' });
  });
});
