import { PrismaPg } from '@prisma/adapter-pg';
import { getConfig } from '@kiln/config';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { __kilnPrisma?: { url: string; client: PrismaClient } };

export function createDb(url: string, opts: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}

/** The process-wide Prisma client (kept on globalThis so dev reloads reuse one pool). */
export function getDb(): PrismaClient {
  const url = getConfig().DATABASE_URL;
  const cached = globalForDb.__kilnPrisma;
  if (cached && cached.url === url) return cached.client;
  const client = createDb(url);
  globalForDb.__kilnPrisma = { url, client };
  return client;
}

export async function closeDb(): Promise<void> {
  const cached = globalForDb.__kilnPrisma;
  globalForDb.__kilnPrisma = undefined;
  if (cached) await cached.client.$disconnect();
}
