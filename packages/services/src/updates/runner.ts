/**
 * `container.update`: one operation, every stage in its event log.
 *   pre-flight → safety net → update → post-check → done, and on a failure at update or post-check
 *   an automatic rollback (snapshot rollback, or stop + restore of the backup), start, healthcheck.
 * The stage and what it made (snapshot name, backup volume, the PVE task under way) are written to
 * the row's `result` before each step, so a worker that dies is followed by the next one: a PVE
 * task is followed, never started twice; a container caught mid-update is rolled back, and the row
 * says so. Nothing is left half-updated without the record saying it.
 */
import { isAppError } from '@kiln/core';
import type { Template } from '@kiln/core/templates';
import type { Container, Node, Operation, Prisma } from '@kiln/db';
import { isPveError, type PveClient } from '@kiln/pve';
import type { NodeSsh } from '@kiln/ssh';
import { pveReason } from '../containers/errors';
import { locateContainer, type LocatedContainer } from '../containers/locate';
import { containerName, recordContainerChange } from '../containers/record';
import { sshForContainer } from '../containers/ssh-target';
import { pollLockKey } from '../keys';
import { actorOf, findUnrecordedTask, OperationRetry, type OperationDeps } from '../operations/container-runner';
import { claimOrResume, emit, finishOperation, isTerminal } from '../operations/events';
import { OPERATION_PARAMS, type OperationParams } from '../operations/params';
import { containerSpecSchema } from '../provisioning/spec';
import { PRE_UPDATE_SNAPSHOT_PREFIX } from '../schemas/updates';
import { snapshotCapability, type ContainerDisk } from '../snapshots/capability';
import { DETECT_OS, FREE_DISK, MIN_FREE_KIB, describeCheck, extraCheckExec, osUpgradeExec, parseDetectOs, type PackageManager } from './commands';
import { runHealthcheck, runningServices, streamExec, type ExecCtx } from './exec';
import { checkContainers } from './check';
import { releaseUpdateLock, takeUpdateLock } from './lock';
import { loadTemplate, renderUpdatePlan, type UpdatePlan } from './plan';

type Params = OperationParams<'container.update'>;
type Stage = 'preflight' | 'safety' | 'update' | 'postcheck' | 'rollback';

/** What the row's `result` holds while the update runs (and, with the outcome, once it ended). */
export interface UpdateProgress {
  stage: Stage;
  net?: 'snapshot' | 'backup' | 'none';
  snapname?: string;
  backupStorage?: string;
  backupVolid?: string;
  /** Where a restore puts the root disk back (the storage of the rootfs before the update). */
  rootStorage?: string;
  services?: string[];
  pm?: PackageManager;
  from?: string | null;
  to?: string | null;
  /** The PVE task of the current step: recorded before waiting, followed after a crash. */
  taskUpid?: string;
  /** The rollback's own steps (backup path): stop, restore, start. */
  rollbackStep?: 'stop' | 'restore' | 'start' | 'check';
  failure?: { stage: 'update' | 'postcheck' | 'interrupted'; message: string; outputTail?: string };
  /** Wall time (ms) in PVE tasks, the update's own commands, and the checks (healthcheck and services, side by side, before and after). */
  timings?: { pveTasksMs: number; updateMs: number; checksMs: number };
}

/** The update or its check failed: roll back. */
class UpdateFailure extends Error {
  constructor(
    readonly stage: 'update' | 'postcheck',
    message: string,
    readonly outputTail?: string,
  ) {
    super(message);
  }
}

/** Stop before anything changed (pre-flight, or the safety net could not be taken). */
class UpdateStop extends Error {}

const UPDATE_TIMEOUT_MS = 30 * 60_000;
const TASK_TIMEOUT_MS = 60 * 60_000;

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export async function runUpdateOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const { db, redis } = deps;
  const params: Params = OPERATION_PARAMS['container.update'].parse(op.params);
  const claimed = await claimOrResume(deps, op);
  if (!claimed) return; // cancelled before it started
  op = claimed;
  const { nodeId, vmid } = op;
  if (!nodeId || !vmid) return void (await finishOperation(deps, op, 'failed', 'Node was not found.'));
  let loc: LocatedContainer;
  let ssh: NodeSsh;
  let sshNode: Node;
  try {
    loc = await locateContainer(deps, op.userId, { nodeId, vmid }, { fresh: true, need: 'operator' });
    if (!loc.guest || !loc.pveNode) return void (await finishOperation(deps, op, 'failed', 'Container was not found.'));
    ({ ssh, node: sshNode } = await sshForContainer(db, loc));
  } catch (e) {
    if (isAppError(e) || isPveError(e)) return void (await finishOperation(deps, op, 'failed', isPveError(e) ? e.userMessage : e.message));
    throw e;
  }
  // One update at a time per container, whoever asked (a click, a bulk run, a schedule).
  const holder = await takeUpdateLock(db, loc.clusterKey, vmid, op.id);
  if (holder) {
    const message = `Not started: another update of ${containerName(loc)} is under way (operation ${holder}). Kiln changed nothing.`;
    return void (await finishOperation(deps, op, 'failed', message, { stage: 'preflight', outcome: 'not-started', busyWith: holder }));
  }
  const run = new UpdateRun(deps, op, params, loc, loc.pveNode, ssh);
  try {
    await run.run();
  } catch (e) {
    if (deps.signal?.aborted) throw new OperationRetry('Worker shutting down; the next worker resumes the update.', { cause: e });
    if (!opts.lastAttempt && !isAppError(e) && !isPveError(e)) throw e;
    deps.log.error(`operation ${op.id} (container.update) failed`, { error: e });
    await finishOperation(
      deps,
      op,
      'failed',
      `Kiln could not finish this update (${errorText(e)}). Stage: ${run.progress.stage}; check the container.`,
      run.progress as unknown as Prisma.InputJsonObject,
    );
  } finally {
    await redis.del(pollLockKey(loc.clusterKey)).catch(() => undefined);
    // Ended: let go. Still running (the worker is stopping): the next worker resumes it under the same lock.
    const after = await db.operation.findUnique({ where: { id: op.id }, select: { state: true } }).catch(() => null);
    if (!after || isTerminal(after.state)) await releaseUpdateLock(db, op.id).catch((e: unknown) => deps.log.warn(`operation ${op.id}: update lock not released`, { error: e }));
  }
  // Updated: the Updates column learns what is still pending (one detection, best effort, after the
  // verdict). A rolled-back container is as before, and its last check still holds.
  const ended = await db.operation.findUnique({ where: { id: op.id }, select: { state: true } });
  if (ended?.state === 'succeeded') {
    await checkContainers(deps, [{ clusterKey: loc.clusterKey, vmid, pveNode: loc.pveNode, sshNode }]).catch((e: unknown) =>
      deps.log.warn(`operation ${op.id}: update status not refreshed`, { error: e }),
    );
  }
}

function errorText(e: unknown): string {
  if (isPveError(e)) return pveReason(e) ?? e.userMessage;
  return e instanceof Error ? e.message : String(e);
}

class UpdateRun {
  progress: UpdateProgress;
  private readonly resumedStage: Stage | undefined;
  private readonly name: string;
  private readonly pve: PveClient;
  private kiln: Container | undefined;
  private target: Template | undefined;
  private current: Template | undefined;

  constructor(
    private readonly deps: OperationDeps,
    private readonly op: Operation,
    private readonly params: Params,
    private readonly loc: LocatedContainer,
    private readonly pveNode: string,
    private readonly ssh: NodeSsh,
  ) {
    const saved = op.attempts > 1 && op.result && typeof op.result === 'object' ? (op.result as unknown as UpdateProgress) : undefined;
    this.progress = saved?.stage ? { ...saved } : { stage: 'preflight' };
    this.resumedStage = saved?.stage;
    this.name = containerName(loc);
    this.pve = loc.pve;
    this.kiln = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
  }

  private get vmid() {
    return this.loc.ref.vmid;
  }

  private log(text: string) {
    return emit(this.deps.redis, this.op.id, { type: 'log', text });
  }

  private async stage(stage: Stage, title: string) {
    this.progress.stage = stage;
    this.progress.taskUpid = undefined;
    await this.save();
    await emit(this.deps.redis, this.op.id, { type: 'step', step: stage, state: 'running', message: title });
  }

  private async save() {
    await this.deps.db.operation.update({ where: { id: this.op.id }, data: { result: this.progress as unknown as Prisma.InputJsonObject } });
  }

  private execCtx(plan?: Pick<UpdatePlan, 'redact' | 'streamRedactor'>): ExecCtx {
    const identity = (t: string) => t;
    const plain = { push: (t: string) => t, flush: () => '' };
    return {
      redis: this.deps.redis,
      operationId: this.op.id,
      ssh: this.ssh,
      vmid: this.vmid,
      signal: this.deps.signal,
      redact: plan?.redact ?? identity,
      streamRedactor: plan?.streamRedactor ?? (() => plain),
    };
  }

  /** A PVE task of the current step: started once (its UPID on the row before waiting), followed after a crash. */
  private async task(label: string, type: string, start: () => Promise<string>, onLog?: (line: string) => void): Promise<void> {
    let upid = this.progress.taskUpid;
    if (!upid && this.resumedStage === this.progress.stage && this.op.startedAt) {
      upid = await findUnrecordedTask(this.deps.db, this.pve, { pveNode: this.pveNode, type, vmid: this.vmid, tokenId: this.loc.node.tokenId, startedAt: this.op.startedAt });
      if (upid) await this.log(`Following ${type} task ${upid}, started before this worker took over.`);
    }
    const t0 = performance.now();
    if (!upid) upid = await start();
    if (this.progress.taskUpid !== upid) {
      this.progress.taskUpid = upid;
      await this.deps.db.operation.update({ where: { id: this.op.id }, data: { upids: { push: upid }, result: this.progress as unknown as Prisma.InputJsonObject } });
      await emit(this.deps.redis, this.op.id, { type: 'task', upid, label });
    }
    await this.pve.waitForTask(this.pveNode, upid, {
      timeout: TASK_TIMEOUT_MS,
      pollInterval: 500,
      signal: this.deps.signal,
      onLog: (text) => {
        onLog?.(text);
        void this.log(text);
      },
    });
    const timings = (this.progress.timings ??= { pveTasksMs: 0, updateMs: 0, checksMs: 0 });
    timings.pveTasksMs += Math.round(performance.now() - t0);
    this.progress.taskUpid = undefined;
    await this.save();
  }

  private timed<T>(what: keyof NonNullable<UpdateProgress['timings']>, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const timings = (this.progress.timings ??= { pveTasksMs: 0, updateMs: 0, checksMs: 0 });
    return fn().finally(() => void (timings[what] += Math.round(performance.now() - t0)));
  }

  async run(): Promise<void> {
    await this.loadTemplates();
    try {
      if (this.progress.stage === 'preflight') await this.preflight();
      if (this.progress.stage === 'safety') await this.safetyNet();
      if (this.progress.stage === 'update') await this.update();
      if (this.progress.stage === 'postcheck') await this.postcheck();
    } catch (e) {
      if (this.deps.signal?.aborted) throw e;
      if (e instanceof UpdateStop) return void (await this.stopped(e.message));
      if (this.progress.stage === 'preflight' || this.progress.stage === 'safety') {
        if (isAppError(e) || isPveError(e))
          return void (await this.stopped(`${this.progress.stage === 'safety' ? 'The safety net could not be taken' : 'The pre-flight check failed'}: ${errorText(e)}`));
        throw e;
      }
      if (this.progress.stage === 'rollback') throw e;
      // The update or its check failed (or Proxmox VE / SSH failed under it): roll back.
      const f = e instanceof UpdateFailure ? e : new UpdateFailure(this.progress.stage === 'postcheck' ? 'postcheck' : 'update', errorText(e));
      this.progress.failure = { stage: f.stage, message: f.message, ...(f.outputTail ? { outputTail: f.outputTail } : {}) };
      this.progress.stage = 'rollback';
      await this.save();
    }
    if (this.progress.stage === 'rollback') return this.rollback();
    return this.succeeded();
  }

  private async loadTemplates() {
    if (this.kiln?.templateId) this.current = await loadTemplate(this.deps.db, this.kiln.templateId);
    if (this.params.what === 'template' && this.params.toTemplateId) this.target = await loadTemplate(this.deps.db, this.params.toTemplateId);
    this.progress.from ??= this.kiln?.templateVersion ?? null;
    this.progress.to ??= this.params.what === 'template' ? (this.target?.version ?? null) : null;
  }

  private healthPlan(template: Template | undefined): UpdatePlan | undefined {
    return template && this.kiln ? renderUpdatePlan(template, this.kiln, 'none') : undefined;
  }

  // ---- 1. pre-flight: nothing changes here ----
  private async preflight() {
    await this.stage('preflight', 'Pre-flight checks');
    if (this.params.what === 'template') {
      if (!this.kiln || !this.target) throw new UpdateStop('The template version to update to no longer exists.');
      if (this.target.slug !== this.kiln.templateSlug) throw new UpdateStop('That version belongs to another template.');
    }
    const exec = (argv: string[]) => this.ssh.pctExec(this.vmid, argv, { timeout: 30_000, signal: this.deps.signal });
    // Its state from Proxmox VE, and the free disk read as the proof that commands run in it: side by side.
    const [status, free] = await Promise.all([this.pve.lxcStatus(this.pveNode, this.vmid), exec(FREE_DISK.argv).catch((e: unknown) => ({ error: e }))]);
    if (status.status !== 'running') throw new UpdateStop(`${this.name} is not running: start it, then update. Kiln changed nothing.`);
    if ('error' in free) throw free.error;
    if (free.exitCode !== 0) throw new UpdateStop(`Kiln cannot run commands in ${this.name} (pct exec exited with ${free.exitCode}). Kiln changed nothing.`);
    await this.log(`${this.name} is running and reachable.`);

    // Independent reads, side by side (one SSH connection, several channels); judged in order below.
    const hc = this.healthPlan(this.current);
    const check = hc?.healthcheck;
    const [[health, services], detected] = await Promise.all([
      this.timed('checksMs', () => Promise.all([check && hc ? runHealthcheck(this.execCtx(hc), check, (t) => this.log(t)) : undefined, runningServices(this.execCtx())])),
      this.params.what !== 'template' ? exec(DETECT_OS.argv) : undefined,
      this.chooseNet(),
    ]);
    if (health && !health.ok && !this.params.force)
      throw new UpdateStop(
        `The healthcheck fails before the update, so Kiln changed nothing. Fix ${this.name} first, or update anyway with “Update even if unhealthy”.${health.tail ? ` Last output: ${health.tail.trim().slice(-300)}` : ''}`,
      );
    if (health && !health.ok) await this.log('The healthcheck fails before the update; going on because the update was forced.');
    if (!health) await this.log('No template healthcheck for this container: the post-check looks at its services.');

    const kib = Number(free.stdout.trim());
    if (Number.isFinite(kib) && kib > 0) {
      if (kib < MIN_FREE_KIB)
        throw new UpdateStop(`Only ${Math.round(kib / 1024)} MiB are free on the root disk of ${this.name}; an update needs at least ${MIN_FREE_KIB / 1024} MiB. Resize the disk or free space first.`);
      await this.log(`${Math.round(kib / 1024)} MiB free on the root disk.`);
    }

    if (detected) {
      const os = parseDetectOs(detected.stdout);
      if (!os.pm) throw new UpdateStop(`Kiln found no apt, apk or dnf in ${this.name} (${os.id}).`);
      const upgrade = osUpgradeExec(os.pm, this.params.what === 'os-security');
      if ('refusal' in upgrade) throw new UpdateStop(upgrade.refusal);
      this.progress.pm = os.pm;
      await this.log(`${os.id} with ${os.pm}.`);
    }

    this.progress.services = services ?? [];
    await this.log(this.progress.services.length ? `Running services: ${this.progress.services.join(', ')}.` : 'No systemd services are running (or there is no systemd).');

    await this.stage('safety', this.progress.net === 'none' ? 'No safety net' : this.progress.net === 'snapshot' ? 'Take a snapshot' : 'Back up');
  }

  /** Snapshot where every disk can snapshot; else the backup storage the user named; `none` only when chosen. */
  private async chooseNet() {
    const p = this.params;
    if (p.safety === 'none') {
      this.progress.net = 'none';
      return;
    }
    const [config, storages] = await Promise.all([this.pve.lxcConfig(this.pveNode, this.vmid), this.pve.storages(this.pveNode)]);
    const disks: ContainerDisk[] = [];
    if (config.rootfs) disks.push({ key: 'rootfs', volume: config.rootfs.volume });
    for (const [i, mp] of Object.entries(config.mp)) disks.push({ key: `mp${i}`, volume: mp.volume });
    this.progress.rootStorage = config.rootfs?.volume.split(':')[0];
    const cap = snapshotCapability(disks, new Map(storages.map((s) => [s.storage, s.type])));
    if (p.safety === 'snapshot' && cap.ok) {
      this.progress.net = 'snapshot';
      return;
    }
    if (!p.backupStorage) throw new UpdateStop(`${cap.ok ? '' : `${cap.reason} `}Choose a storage for a backup instead, or “none”.`);
    if (p.safety === 'snapshot' && !cap.ok) await this.log(`${cap.reason} Kiln backs up to ${p.backupStorage} instead.`);
    const store = storages.find((s) => s.storage === p.backupStorage);
    if (!store || !(store.content ?? []).includes('backup')) throw new UpdateStop(`Storage ${p.backupStorage} does not hold backups on ${this.pveNode}.`);
    const status = await this.pve.lxcStatus(this.pveNode, this.vmid);
    const need = status.disk ?? 0;
    if (store.avail !== undefined && need > 0 && store.avail < need) {
      throw new UpdateStop(`Storage ${p.backupStorage} has ${Math.round(store.avail / 2 ** 20)} MiB free; the backup needs up to ${Math.round(need / 2 ** 20)} MiB.`);
    }
    this.progress.net = 'backup';
    this.progress.backupStorage = p.backupStorage;
  }

  // ---- 2. safety net ----
  private async safetyNet() {
    if (this.progress.net === 'none') {
      await this.log('No safety net (chosen explicitly): a failed update cannot be rolled back.');
    } else if (this.progress.net === 'snapshot') {
      const snapname = (this.progress.snapname ??= `${PRE_UPDATE_SNAPSHOT_PREFIX}${stamp(new Date())}`);
      await this.save();
      // Resumed here (a worker died): the snapshot may exist already, taken by a task nobody recorded.
      const exists = this.resumedStage === 'safety' && !this.progress.taskUpid && (await this.pve.lxcSnapshots(this.pveNode, this.vmid)).some((s) => s.name === snapname);
      if (!exists) {
        await this.task('Take snapshot', 'vzsnapshot', () =>
          this.pve.lxcSnapshotCreate(this.pveNode, this.vmid, snapname, { description: `Taken by Kiln before an update${this.progress.to ? ` to ${this.progress.to}` : ''}.` }),
        );
      }
      await this.log(`Snapshot ${snapname} taken.`);
    } else {
      const storage = this.progress.backupStorage!;
      let archive: string | undefined;
      await this.task(
        'Back up',
        'vzdump',
        () => this.pve.vzdump(this.pveNode, { vmids: [this.vmid], storage, mode: 'snapshot', compress: 'zstd', notesTemplate: 'Kiln: before an update of {{guestname}}' }),
        (line) => {
          const m = /creating vzdump archive '([^']+)'/.exec(line);
          if (m) archive = m[1]!.split('/').at(-1);
        },
      );
      const list = await this.pve.backups(this.pveNode, storage, { vmid: this.vmid });
      const found = (archive && list.find((b) => b.volid === `${storage}:backup/${archive}`)) || [...list].sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0))[0];
      if (!found) throw new UpdateStop(`The backup finished but Kiln cannot find it on ${storage}.`);
      this.progress.backupVolid = found.volid;
      await this.log(`Backed up to ${found.volid}.`);
    }
    await this.stage('update', this.params.what === 'template' ? `Update to version ${this.progress.to}` : this.params.what === 'os' ? 'Upgrade OS packages' : 'Install security updates');
  }

  // ---- 3. the update ----
  private async update() {
    if (this.resumedStage === 'update') {
      // The worker died while commands ran in the container: it may be half-updated.
      throw new UpdateFailure('update', 'The worker running the update stopped in the middle of it; the container may be half-updated.');
    }
    if (this.params.what === 'template') {
      const plan = renderUpdatePlan(this.target!, this.kiln!, 'update');
      if (plan.steps.length === 0) await this.log(`Version ${this.progress.to} has no update steps: Kiln only records the new version.`);
      for (const step of plan.steps) {
        await emit(this.deps.redis, this.op.id, { type: 'step', step: step.key, state: 'running', message: step.title });
        const r = await this.timed('updateMs', () => streamExec(this.execCtx(plan), step.exec, step.key, step.timeoutMs));
        if (r.exitCode !== 0) throw new UpdateFailure('update', `${step.title} exited with code ${r.exitCode}.`, r.tail);
        await emit(this.deps.redis, this.op.id, { type: 'step', step: step.key, state: 'done' });
      }
    } else {
      const exec = osUpgradeExec(this.progress.pm!, this.params.what === 'os-security');
      if ('refusal' in exec) throw new UpdateFailure('update', exec.refusal);
      const r = await this.timed('updateMs', () => streamExec(this.execCtx(), exec, 'os-upgrade', UPDATE_TIMEOUT_MS));
      if (r.exitCode !== 0) throw new UpdateFailure('update', `The package upgrade exited with code ${r.exitCode}.`, r.tail);
    }
    await this.stage('postcheck', 'Check the container');
  }

  // ---- 4. post-check ----
  private async postcheck() {
    const plan = this.healthPlan(this.target ?? this.current);
    const check = plan?.healthcheck;
    const before = this.progress.services ?? [];
    const [health, now] = await this.timed('checksMs', () =>
      Promise.all([check && plan ? runHealthcheck(this.execCtx(plan), check, (t) => this.log(t)) : undefined, before.length > 0 ? runningServices(this.execCtx()) : undefined]),
    );
    if (check && health && !health.ok) throw new UpdateFailure('postcheck', `The healthcheck fails after the update (${check.title}).`, health.tail);
    if (before.length > 0) {
      const running = new Set(now ?? []);
      const gone = before.filter((s) => !running.has(s));
      if (gone.length > 0) throw new UpdateFailure('postcheck', `Services that ran before the update are not running: ${gone.join(', ')}.`);
      await this.log(`The ${before.length} service${before.length === 1 ? '' : 's'} that ran before run again.`);
    }
    if (this.params.check) {
      const r = await streamExec(this.execCtx(), extraCheckExec(this.params.check), 'check', 30_000);
      if (r.exitCode !== 0) throw new UpdateFailure('postcheck', `${describeCheck(this.params.check)} failed (exit ${r.exitCode}).`, r.tail);
      await this.log(`${describeCheck(this.params.check)} passed.`);
    }
  }

  // ---- success ----
  private async succeeded() {
    const { db } = this.deps;
    const keep = this.keepUntil();
    if (this.params.what === 'template' && this.kiln && this.target) {
      const spec = containerSpecSchema.parse(this.kiln.spec);
      const next = { ...spec, template: { id: this.params.toTemplateId!, slug: this.target.slug, version: this.target.version } };
      await db.container.update({ where: { id: this.kiln.id }, data: { templateId: this.params.toTemplateId, templateVersion: this.target.version, spec: next as unknown as Prisma.InputJsonObject } });
    }
    const what = this.params.what === 'template' ? `to version ${this.progress.to}` : this.params.what === 'os' ? '(OS packages)' : '(security updates)';
    const actor = await actorOf(db, this.op);
    await recordContainerChange(db, actor, this.loc, {
      action: 'container.update',
      outcome: 'success',
      message: `Updated ${what} by ${actor.username}${this.progress.from && this.progress.to ? ` (from ${this.progress.from})` : ''}`,
      detail: { what: this.params.what, from: this.progress.from, to: this.progress.to, snapname: this.progress.snapname, backup: this.progress.backupVolid },
    });
    const kept = this.progress.snapname
      ? ` Snapshot ${this.progress.snapname} is kept for ${this.params.keepDays} day${this.params.keepDays === 1 ? '' : 's'}.`
      : this.progress.backupVolid
        ? ` The backup ${this.progress.backupVolid} stays.`
        : '';
    await finishOperation(this.deps, this.op, 'succeeded', `Updated ${this.name} ${what}.${kept}`, { ...this.progress, outcome: 'updated', ...keep } as unknown as Prisma.InputJsonObject);
  }

  /** Until when the pre-update snapshot stays (cleanup.ts deletes it afterwards). */
  private keepUntil(): { keepUntil?: string; keepUntilMs?: number } {
    if (!this.progress.snapname) return {};
    const at = Date.now() + this.params.keepDays * 86_400_000;
    return { keepUntil: new Date(at).toISOString(), keepUntilMs: at };
  }

  private async stopped(message: string) {
    const actor = await actorOf(this.deps.db, this.op);
    await recordContainerChange(this.deps.db, actor, this.loc, {
      action: 'container.update',
      outcome: 'failure',
      message: `Update not started: ${message}`,
      detail: { what: this.params.what, to: this.progress.to },
    });
    await finishOperation(this.deps, this.op, 'failed', message, { ...this.progress, outcome: 'not-started' } as unknown as Prisma.InputJsonObject);
  }

  // ---- 5. rollback ----
  private async rollback() {
    const f = this.progress.failure ?? { stage: 'interrupted' as const, message: 'The update stopped.' };
    await emit(this.deps.redis, this.op.id, { type: 'step', step: 'rollback', state: 'running', message: `Roll back: ${f.message}` });
    if (f.outputTail && this.resumedStage !== 'rollback') for (const line of f.outputTail.trim().split('\n').slice(-20)) await this.log(line);
    let rolledBack = false;
    let healthy: boolean | undefined;
    let why = '';
    try {
      if (this.progress.net === 'snapshot') {
        if (!this.progress.rollbackStep) {
          this.progress.rollbackStep = 'restore';
          await this.save();
        }
        if (this.progress.rollbackStep === 'restore') {
          await this.task('Roll back', 'vzrollback', () => this.pve.lxcSnapshotRollback(this.pveNode, this.vmid, this.progress.snapname!, { start: true }));
          this.progress.rollbackStep = 'start';
          await this.save();
        }
        rolledBack = true;
      } else if (this.progress.net === 'backup') {
        this.progress.rollbackStep ??= 'stop';
        if (this.progress.rollbackStep === 'stop') {
          if ((await this.pve.lxcStatus(this.pveNode, this.vmid)).status === 'running') await this.task('Stop', 'vzstop', () => this.pve.lxcStop(this.pveNode, this.vmid));
          this.progress.rollbackStep = 'restore';
          await this.save();
        }
        if (this.progress.rollbackStep === 'restore') {
          await this.task('Restore', 'vzrestore', () =>
            this.pve.lxcRestore(this.pveNode, { vmid: this.vmid, archive: this.progress.backupVolid!, storage: this.progress.rootStorage ?? 'local', force: true }),
          );
          this.progress.rollbackStep = 'start';
          await this.save();
        }
        rolledBack = true;
      }
      if (rolledBack) {
        if (this.progress.rollbackStep === 'start') {
          if ((await this.pve.lxcStatus(this.pveNode, this.vmid)).status !== 'running') await this.task('Start', 'vzstart', () => this.pve.lxcStart(this.pveNode, this.vmid));
          this.progress.rollbackStep = 'check';
          await this.save();
        }
        const plan = this.healthPlan(this.current);
        if (plan?.healthcheck) healthy = (await runHealthcheck(this.execCtx(plan), plan.healthcheck, (t) => this.log(t))).ok;
      }
    } catch (e) {
      if (this.deps.signal?.aborted) throw e;
      why = errorText(e);
      rolledBack = false;
    }
    const failed = `${this.params.what === 'template' ? `Update to version ${this.progress.to}` : 'The update'} failed${f.stage === 'postcheck' ? ' its check' : ''}: ${f.message}`;
    const net = this.progress.net === 'snapshot' ? `the snapshot ${this.progress.snapname}` : `the backup ${this.progress.backupVolid}`;
    const after = rolledBack
      ? ` Kiln rolled ${this.name} back to ${net}${healthy === false ? ', but the healthcheck still fails' : healthy ? '; the healthcheck passes again' : ''}.`
      : this.progress.net === 'none'
        ? ` No safety net was chosen, so Kiln could not roll back: ${this.name} may be half-updated.`
        : ` The rollback to ${net} failed too (${why}): ${this.name} may be half-updated; roll it back by hand.`;
    const actor = await actorOf(this.deps.db, this.op);
    await recordContainerChange(this.deps.db, actor, this.loc, {
      action: 'container.update',
      outcome: 'failure',
      message: rolledBack ? `Update${this.progress.to ? ` to ${this.progress.to}` : ''} failed, rolled back` : `Update${this.progress.to ? ` to ${this.progress.to}` : ''} failed, not rolled back`,
      detail: { what: this.params.what, to: this.progress.to, reason: f.message, rolledBack, healthy: healthy ?? null, snapname: this.progress.snapname, backup: this.progress.backupVolid },
    });
    await finishOperation(this.deps, this.op, 'failed', `${failed}${after}`, {
      ...this.progress,
      outcome: rolledBack ? 'rolled-back' : 'not-rolled-back',
      rolledBack,
      healthyAfter: healthy ?? null,
      ...this.keepUntil(),
      ...(why ? { rollbackError: why } : {}),
    } as unknown as Prisma.InputJsonObject);
  }
}
