import { ConflictError, NotFoundError, ValidationError } from '@kiln/core';
import type { Prisma } from '@kiln/db';
import { OCI_REFERENCE_PATTERN, isPveError } from '@kiln/pve';
import { nodeForRole } from '../nodes/access';
import type { Actor } from '../nodes/service';
import { pveClientForNode } from '../nodes/pve-client';
import { pveRefusal } from '../operations/container-runner';
import { emit } from '../operations/events';
import { enqueueOperation } from '../operations/jobs';
import { OPERATION_PARAMS } from '../operations/params';
import type { OperationRequestDeps } from '../operations/request';
import { IMAGE_OPERATIONS, type ImageOpKind } from '../operations/table';
import type { z } from 'zod';
import { imageUsers } from './usage';

type Params<K extends ImageOpKind> = z.input<(typeof OPERATION_PARAMS)[K]>;

function parse<K extends ImageOpKind>(kind: K, params: Params<K>): z.output<(typeof OPERATION_PARAMS)[K]> {
  const r = OPERATION_PARAMS[kind].safeParse(params);
  if (!r.success) {
    const fieldErrors = Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    throw new ValidationError('The image options are not valid.', fieldErrors);
  }
  return r.data as z.output<(typeof OPERATION_PARAMS)[K]>;
}

async function queue(deps: OperationRequestDeps, actor: Actor, kind: ImageOpKind, nodeId: string, targetName: string, params: object) {
  const op = await deps.db.operation.create({
    data: { kind, userId: actor.id, nodeId, targetName, params: params as Prisma.InputJsonObject, requestIp: actor.ip },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  await enqueueOperation(op.id);
  return { operationId: op.id };
}

/**
 * The file name PVE stores a pulled image as, computed here so Kiln knows the volid before the
 * pull: the reference's last component with its tag (`alpine:3.22` -> `alpine_3.22.tar`).
 */
export function ociImageFileName(reference: string): string {
  const base = reference
    .slice(reference.lastIndexOf('/') + 1)
    .replace(/:/g, '_')
    .replace(/[^\w.-]/g, '_');
  return base.endsWith('.tar') ? base : `${base}.tar`;
}

/** What PVE answers the form with when the reference does not match its pattern. */
export const OCI_REFERENCE_HINT = 'Enter an image reference with a tag, such as docker.io/library/alpine:3.22 or ghcr.io/org/app:1.0 (lowercase names).';

/** One live question: the storage exists on the PVE node, takes container templates, and what it holds. */
async function storageOf(deps: OperationRequestDeps, actor: Actor, nodeId: string, storage: string, need: 'operator' | 'owner') {
  const { node } = await nodeForRole(deps.db, actor.id, nodeId, need);
  const pveNode = node.pveNodeName ?? '';
  const pve = pveClientForNode(node);
  try {
    const stores = await pve.storages(pveNode, { content: 'vztmpl', enabled: true }, { timeoutMs: 15_000 });
    const store = stores.find((s) => s.storage === storage);
    if (!store) throw new ValidationError(`Storage ${storage} does not hold container templates on ${pveNode}.`, { storage: 'Pick a storage with container template content.' });
    const volids = (await pve.storageContent(pveNode, storage, { content: 'vztmpl' }, { timeoutMs: 15_000 })).map((i) => i.volid);
    return { node, pveNode, pve, store, volids };
  } catch (e) {
    if (isPveError(e)) throw new ConflictError(pveRefusal(e));
    throw e;
  }
}

/** "Download" from the node's appliance index into a storage: an operator's call. */
export async function requestImageDownload(deps: OperationRequestDeps, actor: Actor, nodeId: string, input: { storage: string; template: string }) {
  const { pve, pveNode, volids } = await storageOf(deps, actor, nodeId, input.storage, IMAGE_OPERATIONS['image.download'].need);
  const p = parse('image.download', { pveNode, storage: input.storage, template: input.template });
  if (volids.includes(`${p.storage}:vztmpl/${p.template}`)) throw new ConflictError(`${p.template} is already on ${p.storage}.`);
  const index = await pve.aplinfo(pveNode, { timeoutMs: 20_000 }).catch((e: unknown) => {
    throw isPveError(e) ? new ConflictError(pveRefusal(e)) : e;
  });
  if (!index.some((a) => a.template === p.template)) throw new NotFoundError('Appliance template');
  return queue(deps, actor, 'image.download', nodeId, p.template, p);
}

/** "Pull OCI image" (PVE 9.1+) into a file-based storage: an operator's call. */
export async function requestImagePull(deps: OperationRequestDeps, actor: Actor, nodeId: string, input: { storage: string; reference: string }) {
  const reference = input.reference.trim();
  if (!OCI_REFERENCE_PATTERN.test(reference)) throw new ValidationError(OCI_REFERENCE_HINT, { reference: OCI_REFERENCE_HINT });
  const { pveNode, store, volids, node } = await storageOf(deps, actor, nodeId, input.storage, IMAGE_OPERATIONS['image.pull'].need);
  const major = Number(/^(\d+)\.(\d+)/.exec(node.pveVersion ?? '')?.[1] ?? NaN);
  const minor = Number(/^(\d+)\.(\d+)/.exec(node.pveVersion ?? '')?.[2] ?? NaN);
  if (major < 9 || (major === 9 && minor < 1)) throw new ConflictError(`Pulling OCI images needs Proxmox VE 9.1 or newer; ${node.name} runs ${node.pveVersion}.`);
  if (!['dir', 'nfs', 'cifs', 'cephfs', 'glusterfs', 'btrfs'].includes(store.type)) {
    throw new ValidationError(`Storage ${store.storage} (${store.type}) is not file based: OCI images go to a directory storage.`, { storage: 'Pick a file-based storage.' });
  }
  const filename = ociImageFileName(reference);
  const p = parse('image.pull', { pveNode, storage: input.storage, reference, filename });
  if (volids.includes(`${p.storage}:vztmpl/${filename}`)) throw new ConflictError(`${filename} is already on ${p.storage}. Delete it first to pull it again.`);
  return queue(deps, actor, 'image.pull', nodeId, reference, p);
}

/**
 * Deleting an image is the node owner's call, and only for an image no live Kiln container was
 * created from (its creation's record points at it; a template's own image is downloaded again).
 */
export async function requestImageDelete(deps: OperationRequestDeps, actor: Actor, nodeId: string, input: { storage: string; volid: string }) {
  const { node, pveNode, volids, store } = await storageOf(deps, actor, nodeId, input.storage, IMAGE_OPERATIONS['image.delete'].need);
  const p = parse('image.delete', { pveNode, storage: input.storage, volid: input.volid });
  if (!p.volid.startsWith(`${p.storage}:`)) throw new ValidationError('The image is not on that storage.', { volid: 'Not on this storage.' });
  if (!volids.includes(p.volid)) throw new NotFoundError('Image');
  const users = (await imageUsers(deps.db, node, pveNode, (s) => s === store.storage && store.shared)).get(p.volid) ?? [];
  if (users.length > 0) {
    const names = users.slice(0, 5).map((u) => `${u.hostname} (${u.vmid})`);
    const more = users.length > 5 ? ` and ${users.length - 5} more` : '';
    throw new ConflictError(`In use: Kiln created ${users.length === 1 ? 'container' : 'containers'} ${names.join(', ')}${more} from this image. Delete ${users.length === 1 ? 'it' : 'them'} first.`);
  }
  return queue(deps, actor, 'image.delete', nodeId, p.volid.slice(p.volid.indexOf('/') + 1), p);
}
