import { getRedis, type Redis } from '@kiln/redis';
import { GATEWAY_KEY, GATEWAY_TTL_SECONDS } from '../keys';

/*
 * The console gateway's advert, in a module of its own (exported as @kiln/services/gateway-advert)
 * so the web app's proxy can read it without loading the whole services package.
 */

/** Where the running gateway listens (the worker advertises it; the web tells browsers). */
export interface GatewayAdvert {
  port: number;
  workerId: string;
  at: number;
}

export async function advertiseGateway(redis: Redis, advert: GatewayAdvert, opts: { onlyIfMissing?: boolean } = {}): Promise<void> {
  if (!opts.onlyIfMissing) {
    await redis.set(GATEWAY_KEY, JSON.stringify(advert), 'EX', GATEWAY_TTL_SECONDS);
    return;
  }
  const current = await readGateway(redis);
  if (current && current.workerId !== advert.workerId) return;
  await redis.set(GATEWAY_KEY, JSON.stringify(advert), 'EX', GATEWAY_TTL_SECONDS);
}

export async function readGateway(redis: Redis): Promise<GatewayAdvert | null> {
  const raw = await redis.get(GATEWAY_KEY);
  return raw ? (JSON.parse(raw) as GatewayAdvert) : null;
}

/** The advert as this process's shared Redis client reads it (for the web proxy, which has no deps handed to it). */
export function readAdvertisedGateway(): Promise<GatewayAdvert | null> {
  return readGateway(getRedis());
}
