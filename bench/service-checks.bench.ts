// Issue 16 figure: service checks of 300 containers per minute, measured on a real worker process.
// A built worker (tests/helpers/worker-process.ts) runs on a database and Redis prefix of its own,
// so the bench stack's worker never sees these checks and this worker does nothing else: its
// 10 s BullMQ tick claims the due checks and probes them. This process only seeds the rows and
// samples the worker's CPU time and RSS from /proc; the probed services (HTTP with the keyword,
// a TCP port that accepts, a refused port for the ping-like checks) run in a child process of
// their own, so neither side's CPU is counted.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, createUser } from '@kiln/db';
import { CHECK_TICK_MS } from '@kiln/services';
import { childEnv, loadConfig } from '../scripts/lib/config';
import { prismaMigrateDeploy } from '../scripts/lib/prisma';
import { cpuTimeMs, fmt, percentile, treeRssMiB } from '../scripts/lib/proc-stats';
import { dropDatabase, recreateDatabase } from '../scripts/lib/services';
import { closeAll, killProcess, startWorkerProcess } from '../tests/helpers/worker-process';

const CONTAINERS = 300;
const MINUTE = 60_000;

const cfg = loadConfig();
// The bench run's database (…_bench_<run>) with a suffix: recreateDatabase only drops test/bench ones.
const dbUrl = new URL(cfg.DATABASE_URL);
dbUrl.pathname = `${dbUrl.pathname}_checks`;
const DATABASE_URL = dbUrl.toString();
const REDIS_PREFIX = `${cfg.REDIS_PREFIX}checks:`;
await recreateDatabase(DATABASE_URL);
await prismaMigrateDeploy(DATABASE_URL, childEnv(cfg));
const db = createDb(DATABASE_URL);

// The probed services: an HTTP page with the keyword, a TCP port that accepts, a port that refuses.
const serverScript = `
const http = require('node:http'), net = require('node:net');
const web = http.createServer((q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello kiln-app</html>'));
const tcp = net.createServer((s) => s.end());
const closed = net.createServer();
web.listen(0, '127.0.0.1', () => tcp.listen(0, '127.0.0.1', () => closed.listen(0, '127.0.0.1', () => {
  const refused = closed.address().port;
  closed.close(() => process.stdout.write(JSON.stringify({ web: web.address().port, tcp: tcp.address().port, refused }) + '\\n'));
})));
`;
const servers = spawn(process.execPath, ['-e', serverScript], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(servers.stdout!, 'data')) as [Buffer];
const ports = JSON.parse(line.toString()) as { web: number; tcp: number; refused: number };

const user = await createUser(db, { username: 'bench-checks', passwordHash: 'not-a-hash', role: 'user' });
const node = await db.node.create({ data: { userId: user.id, name: 'bench-checks', host: '192.0.2.1', tokenId: 'bench@pve!t', tokenSecretEnc: 'unused' } });
await db.container.createMany({
  data: Array.from({ length: CONTAINERS }, (_, i) => ({
    userId: user.id,
    nodeId: node.id,
    vmid: 10_000 + i,
    hostname: `bench-${i}`,
    pveNode: 'pve1',
    lifecycle: 'ready' as const,
    spec: {},
    readyAt: new Date(),
  })),
});
const containers = await db.container.findMany({ where: { nodeId: node.id }, orderBy: { vmid: 'asc' }, select: { id: true } });

const dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-bench-checks-'));
const heartbeat = path.join(dataDir, 'heartbeat');
const workers = new Set<ChildProcess>();
const worker = startWorkerProcess(workers, {
  DATABASE_URL,
  REDIS_PREFIX,
  KILN_DATA_DIR: dataDir,
  KILN_HEARTBEAT_FILE: heartbeat,
  KILN_ALLOW_LOOPBACK_NODES: '1',
  CONSOLE_PORT: '0',
  LOG_LEVEL: 'error',
  JOB_LOCK_MS: '30000',
});
const pid = worker.pid!;

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}) while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
await until('the worker to start', () => existsSync(heartbeat), 60_000);

// The 300 checks, each every 60 s, first due one after another over the next minute like real
// schedules. That first minute warms the worker up (connections, first probes of each kind) and
// settles the schedule onto its ticks; the minute after it is the one measured.
const first = Date.now() + 1_000;
await db.serviceCheck.createMany({
  data: containers.map((c, i) => {
    // 2 in 3 HTTP with a keyword, then TCP, then ping-like.
    const kind = i % 6 < 4 ? ('http' as const) : i % 6 === 4 ? ('tcp' as const) : ('ping' as const);
    const port = kind === 'http' ? ports.web : kind === 'tcp' ? ports.tcp : ports.refused;
    return {
      containerId: c.id,
      name: `${kind}-${i}`,
      kind,
      host: '127.0.0.1',
      port,
      keyword: kind === 'http' ? 'kiln-app' : null,
      intervalSeconds: 60,
      nextRunAt: new Date(first + Math.floor((i / CONTAINERS) * MINUTE)),
    };
  }),
});
const t0 = first + MINUTE + CHECK_TICK_MS;
await new Promise((r) => setTimeout(r, t0 - Date.now()));

const rssStart = treeRssMiB(pid);
let rssPeak = rssStart;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRssMiB(pid))), 250);
const cpuStart = cpuTimeMs(pid);
await new Promise((r) => setTimeout(r, MINUTE));
const cpuMs = cpuTimeMs(pid) - cpuStart;
clearInterval(sampler);
rssPeak = Math.max(rssPeak, treeRssMiB(pid));

const window = { gte: new Date(t0), lt: new Date(t0 + MINUTE) };
const results = await db.serviceCheckResult.findMany({ where: { at: window }, select: { status: true, latencyMs: true } });
const down = results.filter((r) => r.status === 'down').length;
const latencies = results.filter((r) => r.status === 'up').map((r) => r.latencyMs ?? 0);
// How far apart two runs of one check start, over both minutes (each check asks for 60 s).
const runs = await db.serviceCheckResult.findMany({ orderBy: { at: 'asc' }, select: { checkId: true, at: true } });
const lastRun = new Map<string, number>();
const gaps: number[] = [];
for (const r of runs) {
  const prev = lastRun.get(r.checkId);
  if (prev !== undefined) gaps.push((r.at.getTime() - prev) / 1000);
  lastRun.set(r.checkId, r.at.getTime());
}

console.log(`service checks run in one minute by the worker process: ${results.length} of ${CONTAINERS} containers (${down} failing, ${CHECK_TICK_MS / 1000} s ticks)`);
console.log(`service checks worker CPU per minute (300 containers): ${fmt(cpuMs, 0)} ms (${fmt((cpuMs / MINUTE) * 100, 2)}% of one core, ${fmt(cpuMs / Math.max(1, results.length), 2)} ms per check)`);
console.log(`service checks worker RSS: ${fmt(rssStart)} MB at start, ${fmt(rssPeak)} MB peak (+${fmt(rssPeak - rssStart)} MB)`);
console.log(`service checks time between two runs of a 60 s check: p50 ${fmt(percentile(gaps, 50))} s, min ${fmt(Math.min(...gaps))} s, max ${fmt(Math.max(...gaps))} s`);
console.log(`service checks probe response time p50: ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms`);

servers.kill();
await killProcess(worker, 'SIGTERM');
await closeAll({ workers });
await db.$disconnect();
await dropDatabase(DATABASE_URL);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
