import type { PrismaClient } from '../generated/client';

/** Instance-wide switches an admin changes at run time; one row per key. */
export const REQUIRE_TWO_FACTOR = 'auth.requireTwoFactor';

export async function getFlag(db: PrismaClient, key: string): Promise<boolean> {
  const row = await db.appSetting.findUnique({ where: { key }, select: { value: true } });
  return row?.value === true;
}

export async function setFlag(db: PrismaClient, key: string, value: boolean): Promise<void> {
  await db.appSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
