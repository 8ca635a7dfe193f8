import 'server-only';
import { ContainerActions, ContainerServices } from '@kiln/services';
import { getDb, getRedis } from '@/server/services';
import { vmidService } from '@/server/nodes';

const g = globalThis as unknown as { __kilnContainerActions?: ContainerActions; __kilnContainerServices?: ContainerServices };

/** The web process's container services (one instance each, kept across dev reloads). */
export function containerDeps() {
  return { db: getDb(), redis: getRedis() };
}

export function containerActions(): ContainerActions {
  g.__kilnContainerActions ??= new ContainerActions({ ...containerDeps(), vmids: vmidService() });
  return g.__kilnContainerActions;
}

export function containerServices(): ContainerServices {
  g.__kilnContainerServices ??= new ContainerServices(containerDeps());
  return g.__kilnContainerServices;
}
