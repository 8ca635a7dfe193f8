import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { CREATE_KIND, CreationService, NodeService, VmidService, generateNodeKeyPair, readOperationEvents, runConnectionTest, syncBuiltinTemplates, type CreateContainerInput } from '@kiln/services';
import { createContainerSchema } from '@kiln/services/schemas';
import type { Simulator } from './sim';
import { simNodeForm } from './sim';

export function creationService() {
  return new CreationService(getDb(), getRedis(), new VmidService(getDb(), getRedis()));
}

/** Registers the simulator for a user (as the UI would, certificate trusted). */
export async function registerSimNode(user: { id: string; username: string }, sim: Simulator, overrides: Record<string, unknown> = {}) {
  // The simulator listens on 127.0.0.1, which only an allowed setup may register (KILN_ALLOW_LOOPBACK_NODES).
  const svc = new NodeService({ db: getDb(), connectionTest: runConnectionTest, generateKeyPair: generateNodeKeyPair, allowLoopbackNodes: true });
  const values = simNodeForm(sim, { trustFingerprint: sim.tlsFingerprint, ...overrides }) as never;
  const res = await svc.save(user, values);
  expect(res.saved).toBe(true);
  return res.node!;
}

export async function templateId(slug: string): Promise<string> {
  await syncBuiltinTemplates(getDb());
  const t = await getDb().template.findFirstOrThrow({ where: { slug, builtin: true }, orderBy: { createdAt: 'desc' } });
  return t.id;
}

/** A wizard request with the template's defaults, parsed as the server action would. */
export function creationRequest(nodeId: string, tplId: string, overrides: Partial<CreateContainerInput> = {}) {
  return createContainerSchema.parse(creationInput(nodeId, tplId, overrides));
}

/** The same request as the form submits it (what createContainerAction receives). */
export function creationInput(nodeId: string, tplId: string, overrides: Partial<CreateContainerInput> = {}): CreateContainerInput {
  return {
    requestId: randomUUID(),
    templateId: tplId,
    nodeId,
    hostname: `ct-${randomUUID().slice(0, 8)}`,
    vmidMode: 'auto',
    storage: 'local-lvm',
    cores: 1,
    memory: 512,
    swap: 512,
    disk: 4,
    unprivileged: true,
    features: { nesting: true, keyctl: false, fuse: false },
    network: { bridge: 'vmbr0', ipv4Mode: 'dhcp', ipv6Mode: 'none', firewall: true },
    params: {},
    ...overrides,
  };
}

/** Waits until the row leaves `creating` (the worker of the test stack does the work). */
export async function waitForLifecycle(containerId: string, timeoutMs = 150_000): Promise<'ready' | 'error' | 'deleted'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await getDb().container.findUniqueOrThrow({ where: { id: containerId }, select: { lifecycle: true } });
    if (row.lifecycle !== 'creating') return row.lifecycle;
    if (Date.now() > deadline) throw new Error(`container ${containerId} still creating after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The output a creation streamed, from the channel of each of its operations (the first run and
 * every Retry), oldest first: what the browser replays through the operations route.
 */
export async function creationOutput(containerId: string): Promise<{ step: string; text: string }[]> {
  const ops = await getDb().operation.findMany({ where: { containerId, kind: CREATE_KIND }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  const out: { step: string; text: string }[] = [];
  for (const op of ops) {
    let after = '0';
    for (;;) {
      const batch = await readOperationEvents(getRedis(), op.id, after);
      if (batch.length === 0) break;
      after = batch.at(-1)!.id;
      for (const e of batch) if (e.event.type === 'output') out.push({ step: e.event.step ?? '', text: e.event.text });
    }
  }
  return out;
}
