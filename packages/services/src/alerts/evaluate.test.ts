import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, GuestRow } from '../inventory/snapshot';
import { conditionKey, evaluateCluster, type EvaluationInput, type OpenAlertRef } from './evaluate';
import { evaluationInput, guest } from './evaluate-fixtures';
import { RuleSet } from './rules';

const CK = 'u1:c:lab';
const snap = (guests: GuestRow[], over: Partial<ClusterSnapshot> = {}, at = 1_000_000): ClusterSnapshot => ({
  clusterKey: CK,
  fetchedAt: at,
  attemptedAt: at,
  guests,
  nodes: [
    { node: 'pve1', status: 'online' },
    { node: 'pve2', status: 'online' },
  ],
  ...over,
});
const cpuRule = { kind: 'cpu' as const, scope: 'user' as const, scopeRef: '', enabled: true, trigger: 80, clear: 60, forSeconds: 60, cooldownSeconds: 0 };

const input = (over: Partial<EvaluationInput>): EvaluationInput => evaluationInput({ snap: snap([]), now: 1_000_000, ...over });

describe('container stopped unexpectedly', () => {
  it('fires on running -> stopped without a Kiln operation, once, and resolves when it runs again', () => {
    const prev = snap([guest(101)]);
    const now = snap([guest(101, { status: 'stopped' })]);
    const first = evaluateCluster(input({ prev, snap: now }));
    expect(first.fire.map((f) => f.key)).toEqual([conditionKey.container(CK, 101, 'container_stopped')]);
    // Next poll: still stopped, the alert is open: nothing new.
    const open: OpenAlertRef[] = [{ id: 'a1', conditionKey: first.fire[0]!.key, kind: 'container_stopped' }];
    const second = evaluateCluster(input({ prev: now, snap: now, state: first.state, open }));
    expect(second.fire).toEqual([]);
    expect(second.resolve).toEqual([]);
    const third = evaluateCluster(input({ prev: now, snap: prev, state: second.state, open }));
    expect(third.resolve).toEqual(['a1']);
    expect(third.state.size).toBe(0);
  });

  it('does not fire when Kiln stopped it, or PVE holds a lock (backup)', () => {
    const prev = snap([guest(101), guest(102)]);
    const now = snap([guest(101, { status: 'stopped' }), guest(102, { status: 'stopped', lock: 'backup' })]);
    expect(evaluateCluster(input({ prev, snap: now, operated: new Set([101]) })).fire).toEqual([]);
  });

  it('respects a disabled rule for a tag', () => {
    const rules = new RuleSet([{ kind: 'container_stopped', scope: 'tag', scopeRef: 'lab', enabled: false, trigger: null, clear: null, forSeconds: 0, cooldownSeconds: 0 }]);
    const prev = snap([guest(101, { tags: ['lab'] }), guest(102)]);
    const now = snap([guest(101, { tags: ['lab'], status: 'stopped' }), guest(102, { status: 'stopped' })]);
    expect(evaluateCluster(input({ prev, snap: now, rules })).fire.map((f) => f.vmid)).toEqual([102]);
  });
});

describe('CPU with hysteresis', () => {
  const rules = new RuleSet([cpuRule]);
  const at = (cpu: number) => snap([guest(101, { cpu: cpu / 100 })]);

  it('fires only after the minimum duration, once, and clears only below the clear threshold', () => {
    let state: ReadonlyMap<string, number> = new Map();
    let open: OpenAlertRef[] = [];
    const step = (cpu: number, t: number) => {
      const r = evaluateCluster(input({ snap: at(cpu), rules, state, open, now: t }));
      state = r.state;
      return r;
    };
    expect(step(95, 0).fire).toEqual([]);
    expect(step(95, 30_000).fire).toEqual([]);
    // Dips below the trigger before the duration: the clock starts again.
    expect(step(70, 40_000).fire).toEqual([]);
    expect(step(95, 50_000).fire).toEqual([]);
    expect(step(95, 100_000).fire).toEqual([]);
    const fired = step(95, 110_000);
    expect(fired.fire).toHaveLength(1);
    open = [{ id: 'a1', conditionKey: fired.fire[0]!.key, kind: 'cpu' }];
    expect(step(95, 115_000).fire).toEqual([]);
    // Between clear and trigger: stays open.
    expect(step(70, 120_000).resolve).toEqual([]);
    expect(step(59, 125_000).resolve).toEqual(['a1']);
  });
});

describe('node down', () => {
  it('is one grouped alert with the count of its containers, and no alert per container', () => {
    const guests = [guest(101), guest(102), guest(103), guest(104, { node: 'pve2' })];
    const prev = snap(guests);
    const down = snap(
      guests.map((g) => (g.node === 'pve1' ? { ...g, status: 'unknown' } : g)),
      {
        nodes: [
          { node: 'pve1', status: 'offline' },
          { node: 'pve2', status: 'online' },
        ],
      },
    );
    const rules = new RuleSet([{ kind: 'node_offline', scope: 'user', scopeRef: '', enabled: true, trigger: null, clear: null, forSeconds: 0, cooldownSeconds: 0 }]);
    const r = evaluateCluster(input({ prev, snap: down, rules }));
    expect(r.fire).toHaveLength(1);
    expect(r.fire[0]!.title).toBe('Node pve1 down, 3 containers affected');
    expect(r.fire[0]!.nodeId).toBe('n1');
    // It comes back with its containers stopped: the node alert resolves, the stops are not alerted one by one.
    const open: OpenAlertRef[] = [{ id: 'n', conditionKey: r.fire[0]!.key, kind: 'node_offline' }];
    const back = snap(guests.map((g) => (g.node === 'pve1' ? { ...g, status: 'stopped' } : g)));
    const after = evaluateCluster(input({ prev: down, snap: back, rules, open, state: r.state }));
    expect(after.fire).toEqual([]);
    expect(after.resolve).toEqual(['n']);
  });

  it('treats a cluster Kiln cannot reach as down, keeping container alerts as they are', () => {
    const prev = snap([guest(101)]);
    const failed = snap([guest(101)], { error: 'The node did not answer.', attemptedAt: 2_000_000 });
    const open: OpenAlertRef[] = [{ id: 'c', conditionKey: conditionKey.container(CK, 101, 'cpu'), kind: 'cpu' }];
    const r = evaluateCluster(input({ prev, snap: failed, open, rules: new RuleSet([{ ...cpuRule, kind: 'node_offline', forSeconds: 0 }]) }));
    expect(r.fire.map((f) => f.title)).toEqual(['Cluster (pve1, pve2) down, 1 container affected']);
    expect(r.resolve).toEqual([]);
  });
});
