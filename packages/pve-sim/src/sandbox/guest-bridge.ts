/** Typed access, from the host, to the guest shim library (plain CommonJS that also runs inside containers). */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

interface SeedModule {
  seedRootfs(root: string, opts: { hostname: string }): void;
}
interface ServiceOpsModule {
  boot(root: string, opts?: { host?: string }): void;
  shutdown(root: string): void;
}

export const guestSeed = load('./guest/lib/seed.cjs') as SeedModule;
export const guestServices = load('./guest/lib/service-ops.cjs') as ServiceOpsModule;
