// Issue 16 figure: service checks of 300 containers per minute, worker CPU time and RSS.
// The runner is the worker's job function (runDueChecks), ticking every 10 s as the worker's
// scheduler does, in this process; the services it probes (HTTP, TCP, a refused port for the
// ping-like checks) run in a child process so their CPU is not counted. The checks are scheduled
// a year ahead, so the stack's own worker never finds them due and this process does all the work.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createLogger } from '@kiln/core';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { CHECK_TICK_MS, runDueChecks } from '@kiln/services';
import { fmt, percentile } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';

const CONTAINERS = 300;
const MINUTE = 60_000;
const YEAR = 365 * 24 * 3600 * 1000;

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

const db = getDb();
const user = await makeUser();
const node = await db.node.create({ data: { userId: user.id, name: 'bench-checks', host: '192.0.2.1', tokenId: 'bench@pve!t', tokenSecretEnc: 'unused' } });
const base = Date.now() + YEAR;
const containerIds: string[] = [];
for (let i = 0; i < CONTAINERS; i++) {
  const ct = await db.container.create({ data: { userId: user.id, nodeId: node.id, vmid: 10_000 + i, hostname: `bench-${i}`, pveNode: 'pve1', lifecycle: 'ready', spec: {}, readyAt: new Date() } });
  containerIds.push(ct.id);
  // 2 in 3 HTTP with a keyword, then TCP, then ping-like; spread over the minute like real schedules.
  const kind = i % 6 < 4 ? 'http' : i % 6 === 4 ? 'tcp' : 'ping';
  const port = kind === 'http' ? ports.web : kind === 'tcp' ? ports.tcp : ports.refused;
  await db.serviceCheck.create({
    data: {
      containerId: ct.id,
      name: `${kind}-${i}`,
      kind,
      host: '127.0.0.1',
      port,
      keyword: kind === 'http' ? 'kiln-app' : null,
      intervalSeconds: 60,
      nextRunAt: new Date(base + Math.floor((i / CONTAINERS) * MINUTE)),
    },
  });
}

const deps = { db, redis: getRedis(), log: createLogger('bench', 'error'), allowInternal: true, containerIds };
// Warm-up: connections to PostgreSQL and Redis, the first probes (not counted).
await runDueChecks({ ...deps, containerIds: containerIds.slice(0, 6) }, base);
await db.serviceCheck.updateMany({ where: { containerId: { in: containerIds.slice(0, 6) } }, data: { nextRunAt: new Date(base) } });

const rssStart = process.memoryUsage().rss;
let rssPeak = rssStart;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 250);
const cpuStart = process.cpuUsage();
const ticks: number[] = [];
let ran = 0;
let down = 0;
const started = performance.now();
// Ticks over one minute of the checks' schedule (a year ahead), the real 10 s apart.
for (let t = 0; t <= MINUTE - CHECK_TICK_MS; t += CHECK_TICK_MS) {
  const tickStart = performance.now();
  const r = await runDueChecks(deps, base + t + CHECK_TICK_MS - 1);
  ticks.push(performance.now() - tickStart);
  ran += r.ran;
  down += r.down;
  const wait = started + t + CHECK_TICK_MS - performance.now();
  if (wait > 0) await new Promise((res) => setTimeout(res, wait));
}
const cpu = process.cpuUsage(cpuStart);
clearInterval(sampler);
const latencies = (await db.serviceCheckResult.findMany({ where: { check: { containerId: { in: containerIds } } }, select: { latencyMs: true } })).map((r) => r.latencyMs ?? 0);

const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`service checks run in one minute: ${ran} of ${CONTAINERS} containers (${down} failing)`);
console.log(`service checks worker CPU per minute (300 containers): ${fmt(cpuMs, 0)} ms (${fmt((cpuMs / MINUTE) * 100, 2)}% of one core, ${fmt(cpuMs / Math.max(1, ran), 2)} ms per check)`);
console.log(`service checks RSS: ${fmt(rssStart / 1048576)} MB at start, ${fmt(rssPeak / 1048576)} MB peak (+${fmt((rssPeak - rssStart) / 1048576)} MB)`);
console.log(`service checks tick p50: ${fmt(percentile(ticks, 50))} ms, max ${fmt(Math.max(...ticks))} ms`);
console.log(`service checks probe response time p50: ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms`);

servers.kill();
await db.container.deleteMany({ where: { id: { in: containerIds } } });
await db.node.delete({ where: { id: node.id } });
process.exit(0);
