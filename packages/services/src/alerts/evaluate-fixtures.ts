import type { GuestRow } from '../inventory/snapshot';
import type { EvaluationInput } from './evaluate';
import { RuleSet } from './rules';

/**
 * Test fixture: the evaluation of one cluster (node `pve1` as Kiln node `n1`) with no rules, no
 * alert open, no state and no operations; tests set what they exercise.
 */
export function evaluationInput(over: Partial<EvaluationInput> & Pick<EvaluationInput, 'snap' | 'now'>): EvaluationInput {
  return {
    prev: null,
    rules: new RuleSet([]),
    state: new Map(),
    open: [],
    operated: new Set(),
    failedOperations: [],
    nodeIdsByPveName: new Map([['pve1', ['n1']]]),
    clusterNodeIds: ['n1'],
    ...over,
  };
}

/** Test fixture: a running container on pve1 using a little of everything, `over` set on top. */
export const guest = (vmid: number, over: Partial<GuestRow> = {}): GuestRow => ({
  vmid,
  type: 'lxc',
  name: `ct${vmid}`,
  node: 'pve1',
  status: 'running',
  cpu: 0.05,
  maxcpu: 2,
  mem: 100,
  maxmem: 1000,
  disk: 10,
  maxdisk: 100,
  swap: 0,
  maxswap: 1000,
  tags: [],
  template: false,
  ...over,
});
