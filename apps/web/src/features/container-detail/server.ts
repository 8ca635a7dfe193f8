import 'server-only';
import { ContainerServices } from '@kiln/services';
import { getDb, getRedis } from '@/server/services';

const g = globalThis as unknown as { __kilnContainerServices?: ContainerServices };

/** The web process's container services (one instance each, kept across dev reloads). */
export function containerDeps() {
  return { db: getDb(), redis: getRedis() };
}

export function containerServices(): ContainerServices {
  g.__kilnContainerServices ??= new ContainerServices(containerDeps());
  return g.__kilnContainerServices;
}
