import 'server-only';
import { AuthService } from '@kiln/auth';
import { getConfig } from '@kiln/config';
import {
  CatalogueSources,
  RemoteContainerServices,
  CreationActions,
  CreationService,
  NodeService,
  NodeShares,
  TemplateService,
  VmidService,
  generateNodeKeyPair,
  remoteConnectionTest,
} from '@kiln/services';
import { readDemoNode } from '@/features/nodes/demo';
import { deps } from './deps';

/**
 * The composition root of the web process: the one place that builds services with their
 * dependencies. Pages, actions and route handlers ask here for a service (or for `deps()` to hand
 * to a service function); nothing in apps/web touches Prisma or Redis itself. Each instance is
 * built once and kept on globalThis across dev reloads.
 */
interface Singletons {
  auth?: AuthService;
  nodes?: NodeService;
  vmids?: VmidService;
  shares?: NodeShares;
  templates?: TemplateService;
  creation?: CreationService;
  creationActions?: CreationActions;
  containerServices?: RemoteContainerServices;
  catalogueSources?: CatalogueSources;
}
const g = globalThis as unknown as { __kilnWeb?: Singletons };
const one = (g.__kilnWeb ??= {});

export { deps } from './deps';

export function auth(): AuthService {
  return (one.auth ??= new AuthService(deps().db, deps().redis));
}

export function nodeService(): NodeService {
  return (one.nodes ??= new NodeService({
    db: deps().db,
    // The worker runs the test (TLS, API, SSH): the web process never connects to a node.
    connectionTest: remoteConnectionTest(deps().redis),
    generateKeyPair: generateNodeKeyPair,
    allowLoopbackNodes: getConfig().KILN_ALLOW_LOOPBACK_NODES,
    demoNode: readDemoNode,
  }));
}

export function vmidService(): VmidService {
  return (one.vmids ??= new VmidService(deps().db, deps().redis));
}

export function nodeShares(): NodeShares {
  return (one.shares ??= new NodeShares(deps().db));
}

export function templateService(): TemplateService {
  return (one.templates ??= new TemplateService(deps().db));
}

export function creationService(): CreationService {
  return (one.creation ??= new CreationService(deps().db, deps().redis, vmidService()));
}

export function creationActions(): CreationActions {
  return (one.creationActions ??= new CreationActions(deps().db, deps().redis));
}

/** Services inside containers: the web checks and asks, the worker runs SSH. */
export function containerServices(): RemoteContainerServices {
  return (one.containerServices ??= new RemoteContainerServices(deps()));
}

/** Catalogue sources (admin-managed): the web saves them and queues syncs; the worker fetches. */
export function catalogueSources(): CatalogueSources {
  return (one.catalogueSources ??= new CatalogueSources({ db: deps().db, allowInternal: getConfig().KILN_ALLOW_LOOPBACK_NODES }));
}

export { getConfig };
