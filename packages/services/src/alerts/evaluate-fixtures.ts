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
