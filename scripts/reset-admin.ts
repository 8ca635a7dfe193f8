// `npm run kiln -- reset-admin [--username NAME]`: recovery for a lost single admin. Sets a new
// random password (printed once, here, because the operator asked for it), removes the
// account's second factors, ends its sessions and writes the audit log.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AuthService } from '@kiln/auth';
import { setConfig } from '@kiln/config';
import { closeDb, getDb, listUsers } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { loadConfig } from './lib/config';
import { StepError } from './lib/run';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { username: { type: 'string' } }, strict: true });
  setConfig(loadConfig());
  const admins = (await listUsers(getDb())).filter((u) => u.role === 'admin');
  const wanted = values.username?.trim().toLowerCase();
  const target = wanted ? admins.find((u) => u.username === wanted) : admins.length === 1 ? admins[0] : undefined;
  if (!target) {
    const names = admins.map((u) => u.username).join(', ') || 'none';
    throw new StepError(wanted ? `No administrator named "${wanted}" (administrators: ${names}).` : `Name the administrator with --username (administrators: ${names}).`);
  }
  const password = randomBytes(18).toString('base64url');
  await new AuthService(getDb(), getRedis()).resetAccount({ id: target.id, username: 'kiln reset-admin (command line)' }, target, { password, clearTwoFactor: true });
  console.log(`Administrator "${target.username}": new password, two-factor sign-in removed, all sessions ended.`);
  console.log(`New password (shown once): ${password}`);
  console.log('Sign in with it and change it under Settings → Account.');
}

main()
  .catch((e: unknown) => {
    console.error(`kiln: ${e instanceof StepError ? e.message : e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeDb();
    await closeRedis();
  });
