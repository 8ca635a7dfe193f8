import 'server-only';
import { RemoteContainerServices } from '@kiln/services';
import { getDb, getRedis } from '@/server/services';

const g = globalThis as unknown as { __kilnContainerServices?: RemoteContainerServices };

/** The web process's container services (one instance each, kept across dev reloads). */
export function containerDeps() {
  return { db: getDb(), redis: getRedis() };
}

/** Services inside containers: the web checks and asks, the worker runs SSH. */
export function containerServices(): RemoteContainerServices {
  g.__kilnContainerServices ??= new RemoteContainerServices(containerDeps());
  return g.__kilnContainerServices;
}

