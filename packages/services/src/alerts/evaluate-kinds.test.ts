import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, GuestRow, StorageRow } from '../inventory/snapshot';
import { conditionKey, evaluateCluster, type BackupFacts, type EvaluationInput, type EvaluationResult, type OpenAlertRef } from './evaluate';
import { evaluationInput, guest } from './evaluate-fixtures';
import { RuleSet } from './rules';

const CK = 'u1:c:lab';
const DAY = 86_400_000;
const local = (disk: number, over: Partial<StorageRow> = {}): StorageRow => ({ storage: 'local', node: 'pve1', status: 'available', shared: false, disk, maxdisk: 1000, ...over });
const snap = (guests: GuestRow[], storages: StorageRow[] = []): ClusterSnapshot => ({
  clusterKey: CK,
  fetchedAt: 1,
  attemptedAt: 1,
  guests,
  nodes: [{ node: 'pve1', status: 'online' }],
  storages,
});
const rule = (kind: string, over: Record<string, unknown> = {}) =>
  ({ kind, scope: 'user', scopeRef: '', enabled: true, trigger: null, clear: null, forSeconds: 0, cooldownSeconds: 0, ...over }) as ConstructorParameters<typeof RuleSet>[0][number];

const input = (over: Partial<EvaluationInput>): EvaluationInput => evaluationInput({ snap: snap([]), now: 10 * DAY, ...over });

/** Runs polls in a row, opening what fires (as the engine does); returns each poll's result. */
function run(polls: Array<Partial<EvaluationInput>>): { results: EvaluationResult[]; open: OpenAlertRef[] } {
  let state = new Map<string, number>();
  let open: OpenAlertRef[] = [];
  const results: EvaluationResult[] = [];
  for (const p of polls) {
    const r = evaluateCluster(input({ ...p, state, open }));
    state = r.state;
    open = [...open.filter((a) => !r.resolve.includes(a.id)), ...r.fire.map((f) => ({ id: f.key, conditionKey: f.key, kind: f.kind }))];
    results.push(r);
  }
  return { results, open };
}

describe('swap', () => {
  const rules = new RuleSet([rule('swap', { trigger: 80, clear: 50, forSeconds: 60 })]);
  const at = (swap: number, now: number) => ({ snap: snap([guest(101, { swap })]), rules, now });
  it('fires once after the duration above the trigger, and clears only below the clear threshold', () => {
    const { results } = run([at(900, 0), at(900, 30_000), at(900, 60_000), at(900, 65_000), at(600, 70_000), at(400, 75_000)]);
    expect(results.map((r) => r.fire.length)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(results[2]!.fire[0]!.title).toBe('Swap of ct101 (CT 101) above 80%');
    expect(results.map((r) => r.resolve.length)).toEqual([0, 0, 0, 0, 0, 1]);
  });
  it('says nothing of a container without swap', () => {
    const r = evaluateCluster(input({ snap: snap([guest(101, { swap: 0, maxswap: 0 })]), rules }));
    expect(r.fire).toEqual([]);
  });
});

describe('not running', () => {
  const stopped = snap([guest(101, { status: 'stopped' })]);
  it('is off by default', () => {
    expect(
      run([
        { snap: stopped, now: 0 },
        { snap: stopped, now: 3_600_000 },
      ]).results.flatMap((r) => r.fire),
    ).toEqual([]);
  });
  it('fires after N minutes not running, even when Kiln stopped it, and resolves when it runs', () => {
    const rules = new RuleSet([rule('not_running', { forSeconds: 600 })]);
    const { results } = run([
      { snap: stopped, rules, now: 0, operated: new Set([101]) },
      { snap: stopped, rules, now: 599_000 },
      { snap: stopped, rules, now: 600_000 },
      { snap: snap([guest(101)]), rules, now: 605_000 },
    ]);
    expect(results.map((r) => r.fire.map((f) => f.key))).toEqual([[], [], [conditionKey.container(CK, 101, 'not_running')], []]);
    expect(results[2]!.fire[0]!.detail).toBe('CT 101 on pve1 has not been running for 10 minutes.');
    expect(results[3]!.resolve).toEqual([conditionKey.container(CK, 101, 'not_running')]);
  });
});

describe('storage full', () => {
  const key = conditionKey.storage(CK, 'pve1/local');
  it('fires above the trigger and resolves below the clear threshold (hysteresis)', () => {
    const { results } = run([{ snap: snap([], [local(950)]) }, { snap: snap([], [local(870)]) }, { snap: snap([], [local(800)]) }]);
    expect(results[0]!.fire.map((f) => [f.key, f.title])).toEqual([[key, 'Storage local on pve1 95% full']]);
    expect(results[1]!.resolve).toEqual([]);
    expect(results[2]!.resolve).toEqual([key]);
  });
  it('fires when its trend says full in fewer days than the rule, and tells when', () => {
    const now = 10 * DAY;
    // 100 bytes a day: 500 used of 1000 -> full in 5 days (rule: 7).
    const samples = new Map([['pve1/local', [0, 1, 2].map((d) => [now - (2 - d) * DAY, 300 + 100 * d] as const)]]);
    const r = evaluateCluster(input({ snap: snap([], [local(500)]), storageSamples: samples, now }));
    expect(r.fire.map((f) => f.title)).toEqual(['Storage local on pve1 full in ~5 days']);
    expect(r.fire[0]!.detail).toBe('Storage local on pve1 at 50% (trigger 90%, clears below 85%); full in ~5 days at its recent rate.');
    const slow = new Map([['pve1/local', [0, 1, 2].map((d) => [now - (2 - d) * DAY, 480 + 10 * d] as const)]]);
    expect(evaluateCluster(input({ snap: snap([], [local(500)]), storageSamples: slow, now })).fire).toEqual([]);
  });
  it('evaluates a shared storage once', () => {
    const shared = [local(950, { storage: 'nfs', shared: true }), local(950, { storage: 'nfs', node: 'pve2', shared: true })];
    const r = evaluateCluster(input({ snap: snap([], shared) }));
    expect(r.fire.map((f) => f.key)).toEqual([conditionKey.storage(CK, '*/nfs')]);
  });
});

describe('backup age', () => {
  const now = 100 * DAY;
  const backups = (lastDaysAgo: number | undefined) => ({ covered: new Set([101]), lastOk: new Map(lastDaysAgo === undefined ? [] : [[101, now - lastDaysAgo * DAY]]) });
  it('fires for a covered container whose last backup is older than the rule, and resolves after a new one', () => {
    const g = snap([guest(101), guest(102)]);
    const { results } = run([
      { snap: g, backups: backups(6), now },
      { snap: g, backups: backups(8), now },
      { snap: g, backups: null, now: now + 1000 },
      { snap: g, backups: backups(0), now: now + 2000 },
    ]);
    expect(results.map((r) => r.fire.map((f) => f.title))).toEqual([[], ['No backup of ct101 (CT 101) for 7 days'], [], []]);
    // A poll without catalog facts keeps the alert open.
    expect(results[2]!.resolve).toEqual([]);
    expect(results[3]!.resolve).toEqual([conditionKey.container(CK, 101, 'backup_age')]);
  });
  it('counts a container in a job that was never backed up from when Kiln first saw it so', () => {
    const g = snap([guest(101)]);
    const { results } = run([
      { snap: g, backups: backups(undefined), now },
      { snap: g, backups: backups(undefined), now: now + 6 * DAY },
      { snap: g, backups: backups(undefined), now: now + 7 * DAY },
    ]);
    expect(results.map((r) => r.fire.length)).toEqual([0, 0, 1]);
  });
});

describe('backup failed', () => {
  const now = 100 * DAY;
  const failure = { at: now - DAY, pveNode: 'pve1', reason: 'CT is locked (mounted)', by: 'root@pam' };
  const facts = (lastOkAt: number | undefined, failed: BackupFacts['failed']) => ({ covered: new Set([101]), lastOk: new Map(lastOkAt === undefined ? [] : [[101, lastOkAt]]), failed });
  it('fires for a guest whose latest backup failed, names the task, and resolves after a later successful backup', () => {
    const g = snap([guest(101), guest(102, { type: 'qemu', name: 'vm102' })]);
    const both = new Map([
      [101, failure],
      [102, { ...failure, reason: 'job errors' }],
    ]);
    const { results } = run([
      { snap: g, backups: facts(now - 2 * DAY, both), now },
      { snap: g, backups: facts(undefined, null), now: now + 1000 },
      { snap: g, backups: facts(now - 1000, both), now: now + 2000 },
    ]);
    expect(results[0]!.fire.map((f) => f.title)).toEqual(['Backup of ct101 (CT 101) failed', 'Backup of vm102 (VM 102) failed']);
    expect(results[0]!.fire[0]!.detail).toBe('The backup task started by root@pam on pve1 at 1970-04-10 00:00 UTC failed: CT is locked (mounted)');
    // Task lists Kiln could not read say nothing: the alert stays open.
    expect(results[1]!.resolve).toEqual([]);
    // CT 101 was backed up after the failure; VM 102 was not.
    expect(results[2]!.resolve).toEqual([conditionKey.container(CK, 101, 'backup_failed')]);
  });
  it('is off with its rule, and ignores a failure older than the last good backup', () => {
    const g = snap([guest(101)]);
    const off = new RuleSet([rule('backup_failed', { enabled: false })]);
    const { results } = run([
      { snap: g, rules: off, backups: facts(undefined, new Map([[101, failure]])), now },
      { snap: g, backups: facts(now - 1000, new Map([[101, failure]])), now },
    ]);
    expect(results.map((r) => r.fire.length)).toEqual([0, 0]);
  });
});

describe('updates pending', () => {
  const now = 100 * DAY;
  it('fires when security updates are pending for longer than the rule, and resolves once installed', () => {
    const rules = new RuleSet([rule('updates_pending', { days: 3 })]);
    const g = snap([guest(101)]);
    const { results } = run([
      { snap: g, rules, updates: [{ vmid: 101, security: 2, since: now - 2 * DAY }], now },
      { snap: g, rules, updates: [{ vmid: 101, security: 2, since: now - 2 * DAY }], now: now + DAY },
      { snap: g, rules, updates: [], now: now + DAY + 1 },
    ]);
    expect(results.map((r) => r.fire.map((f) => f.title))).toEqual([[], ['Security updates pending on ct101 (CT 101) for 3 days'], []]);
    expect(results[1]!.fire[0]!.rule.severity).toBe('info');
    expect(results[2]!.resolve).toEqual([conditionKey.container(CK, 101, 'updates_pending')]);
  });
});

describe('severity and routing on rules', () => {
  it('carries the rule’s severity and channels, or the kind’s built-in severity', () => {
    const rules = new RuleSet([rule('swap', { trigger: 50, severity: 'critical', channelIds: ['c1'] })]);
    const r = evaluateCluster(input({ snap: snap([guest(101, { swap: 900 })], [local(990)]), rules }));
    const byKind = Object.fromEntries(r.fire.map((f) => [f.kind, f.rule]));
    expect(byKind['swap']).toMatchObject({ severity: 'critical', channelIds: ['c1'] });
    expect(byKind['storage_full']).toMatchObject({ severity: 'warning', channelIds: [] });
  });
});
