import 'server-only';
import { ContainerActions, ContainerServices, RemoteContainerServices } from '@kiln/services';
import { getDb, getRedis } from '@/server/services';
import { vmidService } from '@/server/nodes';

const g = globalThis as unknown as { __kilnContainerActions?: ContainerActions; __kilnContainerServices?: RemoteContainerServices };

/** The web process's container services (one instance each, kept across dev reloads). */
export function containerDeps() {
  return { db: getDb(), redis: getRedis() };
}

export function containerActions(): ContainerActions {
  g.__kilnContainerActions ??= new ContainerActions({ ...containerDeps(), vmids: vmidService() });
  return g.__kilnContainerActions;
}

/** Services inside containers: the web checks and asks, the worker runs SSH. */
export function containerServices(): RemoteContainerServices {
  g.__kilnContainerServices ??= new RemoteContainerServices(containerDeps());
  return g.__kilnContainerServices;
}

/** Interim: service start/stop/restart until they run as operations in the worker. */
export function localContainerServices(): ContainerServices {
  return new ContainerServices(containerDeps());
}
