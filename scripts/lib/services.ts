import net from 'node:net';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { redactUrl } from '@kiln/config';
import { ROOT } from './paths';
import { StepError } from './run';

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'host not found';
  if (err.code === 'ETIMEDOUT') return 'timed out';
  return err.message?.split('\n')[0] ?? String(e);
}

/** Connects to the server's maintenance database (the target database may not exist yet). */
async function withAdminClient<T>(url: string, fn: (c: pg.Client, dbName: string) => Promise<T>): Promise<T> {
  const u = new URL(url);
  const dbName = decodeURIComponent(u.pathname.slice(1)) || 'postgres';
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client, dbName);
  } finally {
    await client.end();
  }
}

export async function checkPostgres(url: string): Promise<string | undefined> {
  try {
    await withAdminClient(url, (c) => c.query('SELECT 1'));
    return undefined;
  } catch (e) {
    return describeError(e);
  }
}

export function checkRedis(url: string): Promise<string | undefined> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (err?: string) => {
      sock.destroy();
      resolve(err);
    };
    sock.setTimeout(5000, () => done('timed out'));
    sock.on('error', (e) => done(describeError(e)));
    sock.on('connect', () => {
      const auth = u.password ? `AUTH ${u.username ? decodeURIComponent(u.username) + ' ' : ''}${decodeURIComponent(u.password)}\r\n` : '';
      sock.write(`${auth}PING\r\n`);
    });
    sock.on('data', (d) => {
      const text = d.toString();
      if (text.includes('+PONG')) done();
      else if (text.startsWith('-')) done(text.trim().slice(1));
    });
  });
}

function dockerAvailable(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/**
 * Makes sure PostgreSQL and Redis answer. When one does not and a Docker engine runs, brings both
 * up with docker compose and waits for their healthchecks; otherwise stops with one clear line.
 */
export async function ensureServices(databaseUrl: string, redisUrl: string): Promise<void> {
  let pgErr = await checkPostgres(databaseUrl);
  let redisErr = await checkRedis(redisUrl);
  if (!pgErr && !redisErr) return;
  if (dockerAvailable()) {
    console.log('kiln: starting PostgreSQL and Redis with docker compose…');
    const r = spawnSync('docker', ['compose', 'up', '-d', '--wait', 'postgres', 'redis'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status === 0) {
      pgErr = await checkPostgres(databaseUrl);
      redisErr = await checkRedis(redisUrl);
      if (!pgErr && !redisErr) return;
    }
  }
  if (pgErr) {
    throw new StepError(`PostgreSQL is not reachable at ${redactUrl(databaseUrl)} (${pgErr}). Start it (for example "docker compose up -d postgres") or set DATABASE_URL.`);
  }
  throw new StepError(`Redis is not reachable at ${redactUrl(redisUrl)} (${redisErr}). Start it (for example "docker compose up -d redis") or set REDIS_URL.`);
}

export async function ensureDatabase(url: string): Promise<void> {
  await withAdminClient(url, async (c, name) => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  });
}

export async function dropDatabase(url: string): Promise<void> {
  await withAdminClient(url, async (c, name) => {
    if (!/_test|_e2e|_bench/.test(name)) throw new StepError(`refusing to drop database "${name}": not a test database`);
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

/** Drops per-run test databases left by runs that crashed (only those nobody is connected to). */
export async function dropStaleTestDatabases(url: string): Promise<number> {
  return withAdminClient(url, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database d WHERE datname ~ '_(test|e2e|bench)_[0-9a-f]{8}$'
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(r.datname)}`);
    return rows.length;
  });
}

/** Drops and recreates a database (tests only: each run starts from an empty schema). */
export async function recreateDatabase(url: string): Promise<void> {
  await withAdminClient(url, async (c, name) => {
    if (!/_test|_e2e|_bench/.test(name)) throw new StepError(`refusing to drop database "${name}": not a test database`);
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  });
}
