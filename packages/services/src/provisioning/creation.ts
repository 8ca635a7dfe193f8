import { ConflictError, NotFoundError, ValidationError } from '@kiln/core';
import { matchOsTemplate, paramsSchema, resolveParams, secretParamNames, templateSchema, type Template } from '@kiln/core/templates';
import { recordAudit, type Db, type Node } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { clusterKeyOf } from '../inventory/clusters';
import { VMID_RESERVE_TTL_SECONDS, vmidReserveKey as reserveKey } from '../keys';
import { nodeForRole } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { secretBox } from '../secrets';
import type { CreateContainerValues } from '../schemas/containers';
import type { VmidService } from '../vmid/service';
import { enqueueProvisioning } from './jobs';
import { createCreationOperation, currentCreationOperation } from './operation';
import { splitForToken } from './pve-options';
import type { CreationSpec } from './spec';
import { FIXED_STEPS } from './steps';
import { withProbe } from './probe-step';
import { renderPlan } from './render';
import { visibleTo } from '../scopes';
import { addressHolders } from '../ippools/holders';
import { allocateFromPool, assertAddressFree, releaseAllocation, type Allocation } from '../ippools/allocate';
import type { IpPool } from '@kiln/db';
import { claimAddress, describeCt, releaseClaim } from '../ippools/claims';

export interface Actor {
  id: string;
  username: string;
  ip?: string;
}

export interface PlanPreview {
  template: { id: string; slug: string; version: string; name: string };
  node: { id: string; name: string; pveNode: string };
  vmid: number | 'auto';
  /** The API create request, `password`-like values masked. */
  apiOptions: Record<string, unknown>;
  /** Options set as root over SSH (`pct set`) because a token cannot set them. */
  rootOnly: Record<string, string>;
  steps: { key: string; title: string }[];
  /** Names of the secrets Kiln generates (shown once after creation). */
  generatedSecrets: string[];
}

export interface CreationResult {
  containerId: string;
  /** The `container.create` operation to follow (null only for rows older than operations). */
  operationId: string | null;
  vmid: number;
  duplicate: boolean;
  generatedSecrets: Record<string, string>;
}

/** Privileges Kiln wants for other features (the console) but a creation does without. */
const NOT_NEEDED_TO_CREATE = new Set(['VM.Console', 'VM.Snapshot', 'VM.Snapshot.Rollback']);

/**
 * Turns a wizard request into a Container row, its step rows and a job. Everything is checked
 * before anything is written: template and node ownership, SSH for root-only options, params,
 * the VMID with PVE itself. A double submit (same requestId) returns the first row.
 */
export class CreationService {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly vmids: VmidService,
  ) {}

  async loadTemplate(userId: string, templateId: string): Promise<{ id: string; template: Template }> {
    const row = await this.db.template.findFirst({ where: { id: templateId, ...visibleTo(userId).templates }, select: { id: true, spec: true } });
    if (!row) throw new NotFoundError('Template');
    return { id: row.id, template: templateSchema.parse(row.spec) };
  }

  private async checked(actor: Actor, input: CreateContainerValues) {
    const { id: templateId, template } = await this.loadTemplate(actor.id, input.templateId);
    const { node } = await nodeForRole(this.db, actor.id, input.nodeId, 'operator');
    if (!node.pveNodeName) throw new ValidationError('This node was never reached: test it again in Settings → Nodes.', { nodeId: 'Test this node again first.' });
    const params = paramsSchema(template).safeParse(input.params);
    if (!params.success) {
      const fieldErrors: Record<string, string> = {};
      for (const i of params.error.issues) fieldErrors[`params.${String(i.path[0] ?? '')}`] ??= i.message;
      throw new ValidationError('Some parameters are not valid.', fieldErrors);
    }
    if (input.osImage && matchOsTemplate(template.os, [input.osImage]) === undefined) {
      const why = `Not a ${template.os.distribution} ${template.os.version} image: this template needs one.`;
      throw new ValidationError(why, { osImage: why });
    }
    const pool = await this.poolFor(actor, input);
    const spec = this.specFrom(input, template, templateId, node, {}, pool);
    const split = splitForToken('00000000-0000-0000-0000-000000000000', spec, 'local:vztmpl/x.tar.zst');
    const rootOnly = split.rootOnly;
    if (Object.keys(rootOnly).length > 0 && node.sshState !== 'ok') {
      throw new ValidationError(
        `${Object.keys(rootOnly)
          .map((k) => (k === 'features' ? 'keyctl/fuse' : k))
          .join(', ')} can only be set by root over SSH (pct set), and SSH to ${node.name} is not working. Fix SSH in Settings → Nodes or turn the feature off.`,
        { features: 'Needs root over SSH, which is not working for this node.' },
      );
    }
    if (node.sshState !== 'ok') {
      throw new ValidationError(`SSH to ${node.name} is not working, so Kiln cannot provision containers there. Fix it in Settings → Nodes.`, { nodeId: 'SSH is not working for this node.' });
    }
    // Privileges can change after the node was saved: ask PVE before anything is created.
    const report = await pveClientForNode(node).privilegeReport();
    const blocking = report.missing.filter((m) => !NOT_NEEDED_TO_CREATE.has(m.privilege));
    if (blocking.length > 0) {
      const missing = blocking.map((m) => `${m.privilege} on ${m.path}`).join(', ');
      throw new ValidationError(
        `The API token of ${node.name} lacks ${missing}, so Kiln cannot create containers there. Grant the privileges (see Settings → Nodes → least-privilege setup) and try again.`,
        { nodeId: `Token lacks ${missing}.` },
      );
    }
    if (input.vmidMode === 'manual' && input.vmid !== undefined) {
      const r = await this.vmids.check(actor.id, node.id, input.vmid);
      if (!r.ok) throw new ValidationError(r.message, { vmid: r.message });
    }
    if (input.network.ipv4Mode === 'static' && input.network.ipv4Cidr) {
      // every guest's current and configured address, across all the user's clusters
      assertAddressFree(await addressHolders(this.db, this.redis, actor.id), input.network.ipv4Cidr.split('/')[0] ?? '', 'network.ipv4Cidr');
    }
    return { template, templateId, node, spec, rootOnly, pool };
  }

  /** The pool the wizard chose: the user's own, on the chosen bridge. */
  private async poolFor(actor: Actor, input: CreateContainerValues): Promise<IpPool | undefined> {
    const n = input.network;
    if (n.ipv4Mode !== 'pool') return undefined;
    const pool = await this.db.ipPool.findFirst({ where: { id: n.ipv4PoolId ?? '', userId: actor.id } });
    if (!pool) throw new ValidationError('Choose one of your IP pools.', { 'network.ipv4PoolId': 'Choose one of your IP pools.' });
    if (pool.bridge !== n.bridge) throw new ValidationError(`The pool “${pool.name}” is on ${pool.bridge}, not ${n.bridge}.`, { 'network.ipv4PoolId': `This pool is on ${pool.bridge}.` });
    return pool;
  }

  private specFrom(
    input: CreateContainerValues,
    template: Template,
    templateId: string,
    node: Node,
    params: Record<string, string | number | boolean>,
    pool?: IpPool,
    allocation?: Allocation,
  ): CreationSpec {
    const n = input.network;
    // A pool's address is known only once allocated (create): the preview names the pool instead.
    const ipv4: CreationSpec['network']['ipv4'] = pool
      ? { cidr: allocation?.cidr ?? `<next free address of ${pool.name}>`, ...(pool.gateway ? { gateway: pool.gateway } : {}) }
      : n.ipv4Mode === 'dhcp'
        ? 'dhcp'
        : { cidr: n.ipv4Cidr ?? '', ...(n.ipv4Gateway ? { gateway: n.ipv4Gateway } : {}) };
    const vlan = pool?.vlan ?? n.vlan;
    const nameservers = input.nameservers.length === 0 && pool ? pool.dns : input.nameservers;
    return {
      template: { id: templateId, slug: template.slug, version: template.version },
      pveNode: node.pveNodeName ?? '',
      hostname: input.hostname,
      vmid: input.vmid ?? 0,
      storage: input.storage,
      ...(input.osImage ? { osImage: input.osImage } : {}),
      cores: input.cores,
      memory: input.memory,
      swap: input.swap,
      disk: input.disk,
      unprivileged: input.unprivileged,
      features: input.features,
      network: {
        bridge: n.bridge,
        ipv4,
        ipv6: n.ipv6Mode === 'static' ? { cidr: n.ipv6Cidr ?? '', ...(n.ipv6Gateway ? { gateway: n.ipv6Gateway } : {}) } : n.ipv6Mode,
        ...(vlan ? { vlan } : {}),
        firewall: n.firewall,
      },
      dns: { nameservers, ...(input.searchdomain ? { searchdomain: input.searchdomain } : {}) },
      tags: input.tags,
      params,
      secretParams: secretParamNames(template),
    };
  }

  /** The review page: exactly what Kiln will do, secrets masked. Writes nothing. */
  async preview(actor: Actor, input: CreateContainerValues): Promise<PlanPreview> {
    const { template, templateId, node, spec, rootOnly } = await this.checked(actor, input);
    const secrets = new Set(secretParamNames(template));
    const visible = Object.fromEntries(Object.entries(input.params).filter(([k]) => !secrets.has(k)));
    const masked = Object.fromEntries([...secrets].map((k) => [k, '••••••••']));
    const plan = renderPlan(template, { spec: { ...spec, params: visible }, secrets: masked, facts: { ip: '<ip>' }, containerId: 'preview' });
    const api = splitForToken('preview', { ...spec, vmid: input.vmid ?? 0 }, spec.osImage ?? '<resolved by the first step>').api;
    return {
      template: { id: templateId, slug: template.slug, version: template.version, name: template.name },
      node: { id: node.id, name: node.name, pveNode: spec.pveNode },
      vmid: input.vmidMode === 'manual' && input.vmid ? input.vmid : 'auto',
      apiOptions: JSON.parse(JSON.stringify({ ...api, vmid: input.vmidMode === 'manual' ? input.vmid : 'next free' })) as Record<string, unknown>,
      rootOnly,
      steps: [
        ...withProbe(FIXED_STEPS, spec.network),
        ...plan.steps.map((s) => ({ key: s.key, title: s.title })),
        ...(plan.healthcheck ? [{ key: 'healthcheck', title: plan.healthcheck.title }] : []),
      ],
      generatedSecrets: template.params.filter((p) => p.type === 'secret' && (input.params[p.name] === undefined || input.params[p.name] === '')).map((p) => p.name),
    };
  }

  /** Creates the row (creating), its steps and first event, and enqueues the job. Idempotent per requestId. */
  async create(actor: Actor, input: CreateContainerValues): Promise<CreationResult> {
    const existing = await this.db.container.findUnique({ where: { requestId: input.requestId }, select: { id: true, userId: true, vmid: true } });
    if (existing) {
      if (existing.userId !== actor.id) throw new ConflictError('This request was already used.');
      return { containerId: existing.id, operationId: (await currentCreationOperation(this.db, existing.id))?.id ?? null, vmid: existing.vmid, duplicate: true, generatedSecrets: {} };
    }
    const { template, templateId, node, spec: checkedSpec, pool } = await this.checked(actor, input);
    const clusterKey = clusterKeyOf(node);
    const vmid = await this.reserveVmid(actor, node.id, clusterKey, input.vmidMode === 'manual' ? input.vmid : undefined);
    let allocation: Allocation | undefined;
    let claim: { id: string } | undefined;
    try {
      if (pool) allocation = await allocateFromPool(this.db, pool, await addressHolders(this.db, this.redis, actor.id));
      else if (input.network.ipv4Mode === 'static' && input.network.ipv4Cidr) {
        // race-safe like a pool address: of two parallel creations typing it, exactly one claims it
        const address = input.network.ipv4Cidr.split('/')[0] ?? '';
        claim = await claimAddress(this.db, actor.id, address, describeCt(vmid, input.hostname, node.pveNodeName ?? '', node), {}, 'network.ipv4Cidr');
      }
    } catch (e) {
      await this.redis.del(reserveKey(clusterKey, vmid));
      throw e;
    }
    const spec = allocation ? this.specFrom(input, template, templateId, node, {}, pool, allocation) : checkedSpec;
    const resolved = resolveParams(template, Object.fromEntries(Object.entries(input.params).filter(([, v]) => v !== '')));
    const secretNames = new Set(secretParamNames(template));
    const plain = Object.fromEntries(Object.entries(resolved.values).filter(([k]) => !secretNames.has(k)));
    const secretValues = Object.fromEntries(
      Object.entries(resolved.values)
        .filter(([k]) => secretNames.has(k))
        .map(([k, v]) => [k, String(v)]),
    );
    const finalSpec: CreationSpec = { ...spec, vmid, params: plain };
    // The address is not known yet: step titles that name it say so instead of showing nothing.
    const plan = renderPlan(template, { spec: finalSpec, secrets: secretValues, facts: { ip: '<ip>' }, containerId: 'pending' });
    const steps = [
      ...withProbe(FIXED_STEPS, finalSpec.network),
      ...plan.steps.map((s) => ({ key: s.key, title: s.title })),
      ...(plan.healthcheck ? [{ key: 'healthcheck', title: plan.healthcheck.title }] : []),
    ];

    let containerId: string;
    let operationId: string;
    try {
      ({ containerId, operationId } = await this.db.$transaction(
        async (tx) => {
          const row = await tx.container.create({
            data: {
              userId: actor.id,
              nodeId: node.id,
              templateId,
              templateSlug: template.slug,
              templateVersion: template.version,
              requestId: input.requestId,
              vmid,
              hostname: input.hostname,
              pveNode: finalSpec.pveNode,
              spec: finalSpec as object,
              lifecycle: 'creating',
            },
          });
          if (Object.keys(secretValues).length) {
            await tx.container.update({ where: { id: row.id }, data: { secretsEnc: secretBox().seal(JSON.stringify(secretValues), { table: 'Container', id: row.id, field: 'secrets' }) } });
          }
          if (allocation) await tx.ipAllocation.update({ where: { id: allocation.id }, data: { containerId: row.id } });
          if (claim) await tx.ipClaim.update({ where: { id: claim.id }, data: { containerId: row.id } });
          await tx.containerStep.createMany({ data: steps.map((s, i) => ({ containerId: row.id, position: i, key: s.key, title: s.title })) });
          await tx.containerEvent.create({
            data: {
              containerId: row.id,
              type: 'created',
              message: `Creation of ${input.hostname} (VMID ${vmid}) on ${finalSpec.pveNode} from ${template.name} ${template.version} requested by ${actor.username}.`,
            },
          });
          // The operation the browser follows; written with the row so a row never lacks one.
          const opId = await createCreationOperation(tx, row, { attempt: 0, requestedBy: actor.username });
          return { containerId: row.id, operationId: opId };
          // A racing double submit waits here on the requestId's unique index until the first commits.
        },
        { timeout: 15_000 },
      ));
    } catch (e) {
      await this.redis.del(reserveKey(clusterKey, vmid));
      if (allocation) await releaseAllocation(this.db, allocation.id);
      if (claim) await releaseClaim(this.db, claim.id);
      // Two submits racing with the same requestId: the loser finds the winner's row.
      const again = await this.db.container.findUnique({ where: { requestId: input.requestId }, select: { id: true, vmid: true } });
      if (again) return { containerId: again.id, operationId: (await currentCreationOperation(this.db, again.id))?.id ?? null, vmid: again.vmid, duplicate: true, generatedSecrets: {} };
      throw e;
    }
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'container.create-requested',
      outcome: 'success',
      targetType: 'container',
      targetId: containerId,
      targetName: input.hostname,
      ip: actor.ip,
      detail: { vmid, node: finalSpec.pveNode, template: `${template.slug}@${template.version}`, ...(allocation && pool ? { address: allocation.address, pool: pool.name } : {}) },
    });
    await this.vmids.invalidate(actor.id, node.id);
    await enqueueProvisioning(containerId, 0);
    const generated = Object.fromEntries(resolved.generated.map((n) => [n, secretValues[n] ?? '']));
    return { containerId, operationId, vmid, duplicate: false, generatedSecrets: generated };
  }

  /**
   * Picks the VMID and reserves it in Redis for the hour the creation may take, so parallel
   * creations never get the same id; PVE confirms it (`/cluster/nextid?vmid=N`).
   */
  private async reserveVmid(actor: Actor, nodeId: string, clusterKey: string, wanted?: number): Promise<number> {
    if (wanted !== undefined) {
      const ok = await this.redis.set(reserveKey(clusterKey, wanted), actor.id, 'EX', VMID_RESERVE_TTL_SECONDS, 'NX');
      if (!ok) throw new ValidationError(`VMID ${wanted} is being used by another creation right now.`, { vmid: 'Being used by another creation right now.' });
      const c = await this.vmids.confirm(actor.id, nodeId, wanted);
      if (!c.ok) {
        await this.redis.del(reserveKey(clusterKey, wanted));
        throw new ValidationError(c.message, { vmid: c.message });
      }
      return wanted;
    }
    let candidate = await this.vmids.nextFree(actor.id, nodeId);
    for (let i = 0; i < 200; i++, candidate++) {
      if (!(await this.redis.set(reserveKey(clusterKey, candidate), actor.id, 'EX', VMID_RESERVE_TTL_SECONDS, 'NX'))) continue;
      const c = await this.vmids.confirm(actor.id, nodeId, candidate);
      if (c.ok) return candidate;
      await this.redis.del(reserveKey(clusterKey, candidate));
    }
    throw new ConflictError('Kiln could not find a free VMID. Try again, or enter one.');
  }
}
