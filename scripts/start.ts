// `npm start`: setup (services, database, migrations, build), then web + worker, plus the
// bundled Proxmox simulator as a demo node when the user has no Proxmox registered yet.
import pg from 'pg';
import { buildAll } from './lib/build';
import { childEnv, launcherSetting, loadConfig } from './lib/config';
import { DEMO_API_PORT, DEMO_SSH_PORT, readDemoInfo } from './lib/demo';
import { prismaGenerate, prismaMigrateDeploy } from './lib/prisma';
import { StepError } from './lib/run';
import { ensureDatabase, ensureServices } from './lib/services';
import { startDemoSimulator, type RunningSim } from './lib/sim';
import { startStack } from './lib/stack';
import { Supervisor } from './lib/supervise';

function step(msg: string) {
  console.log(`kiln: ${msg}`);
}

/** Demo mode: KILN_DEMO=1 always, 0 never; by default when no node is registered or the demo node is. */
async function wantsDemo(databaseUrl: string, dataDir: string): Promise<boolean> {
  const mode = launcherSetting('KILN_DEMO') ?? 'auto';
  if (mode === '1' || mode === 'true') return true;
  if (mode === '0' || mode === 'false') return false;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ host: string; apiPort: number }>('SELECT host, "apiPort" FROM "Node"');
    if (rows.length === 0) return true;
    const demo = readDemoInfo(dataDir);
    return !!demo && rows.some((r) => r.host === demo.host && r.apiPort === demo.apiPort);
  } finally {
    await client.end();
  }
}

async function main() {
  const cfg = loadConfig();
  const env = childEnv(cfg);
  step('checking PostgreSQL and Redis…');
  await ensureServices(cfg.DATABASE_URL, cfg.REDIS_URL);
  await ensureDatabase(cfg.DATABASE_URL);
  step('preparing the database…');
  await prismaGenerate(env);
  await prismaMigrateDeploy(cfg.DATABASE_URL, env);
  step('building (cached when nothing changed)…');
  await buildAll(env);

  let sim: RunningSim | undefined;
  if (await wantsDemo(cfg.DATABASE_URL, cfg.KILN_DATA_DIR)) {
    sim = await startDemoSimulator(cfg.KILN_DATA_DIR, {
      apiPort: Number(launcherSetting('KILN_DEMO_API_PORT') ?? DEMO_API_PORT),
      sshPort: Number(launcherSetting('KILN_DEMO_SSH_PORT') ?? DEMO_SSH_PORT),
    });
    env.KILN_DEMO_NODE = sim.infoFile;
  }

  step('starting web app and worker…');
  const stack = await startStack(env, { port: cfg.PORT });
  // A crashed web app or worker is started again (with backoff); the rest keeps running.
  const children = [new Supervisor('web', stack.web), new Supervisor('worker', stack.worker)];
  console.log('');
  console.log(`  Kiln is running at ${cfg.APP_URL}`);
  console.log('  First visit: create the admin account (there is no default password).');
  if (sim) {
    console.log('');
    console.log(`  Demo: a simulated Proxmox VE cluster (${sim.info.nodes.join(', ')}) runs at https://${sim.info.host}:${sim.info.apiPort}.`);
    console.log('  In Kiln, open Settings → Nodes and click "Add demo node"; its token and fingerprints are filled in for you.');
    console.log('  Set KILN_DEMO=0 to run without the simulator.');
  }
  console.log('');
  console.log('  Press Ctrl+C to stop.');

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    step('stopping…');
    await Promise.all(children.map((c) => c.stop()));
    await sim?.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

main().catch((e: unknown) => {
  if (e instanceof StepError) console.error(`kiln: ${e.message}`);
  else console.error('kiln: start failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
