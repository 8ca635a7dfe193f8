// Containers page under load: 50 signed-in sessions (5 users x 10 sessions, each user with their
// own registration of a 3 nodes x 300 containers simulator) request /containers back to back for
// 30 s, at most 50 requests in flight; then the same sessions as open tabs refreshing every 5 s. Loopback only. Prints throughput, p50/p95 and the web
// process's memory after the load (KILN_BENCH_WEB_URL and KILN_BENCH_WEB_PID from scripts/bench.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '@kiln/pve-sim';
import { closeDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { cpuTimeMs, fmt, percentile, treeRssMiB } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';
import { WebClient } from '../tests/helpers/web-client';
import { addSimNodeOverHttp } from '../tests/helpers/sim';

const url = process.env.KILN_BENCH_WEB_URL;
const webPid = Number(process.env.KILN_BENCH_WEB_PID);
if (!url || !webPid) throw new Error('KILN_BENCH_WEB_URL or KILN_BENCH_WEB_PID is not set (run through `pnpm bench`)');

const USERS = 5;
const SESSIONS_PER_USER = 10; // stays under a per-user session cap
const DURATION_MS = 30_000;
const PAGE = '/containers'; // first page: 100 rows of 900

const dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-bench-load-'));
const sim = await startSimulator({ dataDir, apiPort: 0, sshPort: 0, nodes: ['pve1', 'pve2', 'pve3'], seedContainersPerNode: 300, authFailureDelayMs: 50, tokens: [{ id: 'kiln@pve!kiln' }] });

/** Views answered from an earlier render (apps/web/server/view-cache.ts) and views in all. */
const reuse = { cached: 0, all: 0 };

/** One container page view; throws unless it is the full first page. */
async function view(web: WebClient): Promise<void> {
  const res = await web.fetch(PAGE);
  const html = await res.text();
  if (res.status !== 200) throw new Error(`containers page answered ${res.status}`);
  const rows = (html.match(/data-vmid=/g) ?? []).length;
  if (rows !== 100) throw new Error(`containers page showed ${rows} rows, expected 100`);
  reuse.all++;
  if (res.headers.get('x-kiln-view-cache') === 'hit') reuse.cached++;
}

try {
  const sessions: WebClient[] = [];
  for (let u = 0; u < USERS; u++) {
    const user = await makeUser();
    for (let s = 0; s < SESSIONS_PER_USER; s++) {
      const web = new WebClient(url);
      const res = await web.login(user.username, user.password);
      if (res.status !== 200) throw new Error(`login answered ${res.status}`);
      if (s === 0) await addSimNodeOverHttp(web, sim, `load-${u}`);
      sessions.push(web);
    }
  }
  // Every session once, so each user's cluster has been polled and the page is warm.
  for (const web of sessions) await view(web);
  console.log(`web RSS before 50-session load: ${fmt(treeRssMiB(webPid))} MB`);

  const times: number[] = [];
  reuse.cached = reuse.all = 0;
  let failures = 0;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssMiB(webPid))), 500);
  const cpuBefore = cpuTimeMs(webPid);
  const started = performance.now();
  // Each session is one loop with one request in flight: 50 sessions, bounded concurrency 50.
  await Promise.all(
    sessions.map(async (web) => {
      while (performance.now() - started < DURATION_MS) {
        const t = performance.now();
        try {
          await view(web);
          times.push(performance.now() - t);
        } catch (e) {
          if (++failures === 1) console.error(`first failed request: ${e instanceof Error ? e.message : e}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const cpuPerView = (cpuTimeMs(webPid) - cpuBefore) / (times.length + failures);
  const rss = treeRssMiB(webPid);
  if (failures > times.length / 100) throw new Error(`${failures} of ${failures + times.length} requests failed`);

  console.log(`containers page throughput at 50 sessions: ${fmt(times.length / seconds)} req/s`);
  console.log(`containers page p50/p95 at 50 sessions: ${fmt(percentile(times, 50), 0)} ms / ${fmt(percentile(times, 95), 0)} ms`);
  console.log(`web RSS after 50-session load: ${fmt(rss)} MB`);
  // The machine is shared: CPU time per view is the figure that stays comparable between runs.
  console.log(`web CPU time per containers page view: ${fmt(cpuPerView)} ms`);
  console.log(`web RSS peak during 50-session load: ${fmt(Math.max(peakRss, rss))} MB`);
  // Each user's page changes with every poll of their cluster: the first view after one renders.
  console.log(`containers page views answered from an earlier render: ${fmt((reuse.cached / Math.max(1, reuse.all)) * 100)} % (${reuse.all - reuse.cached} rendered of ${reuse.all})`);

  // The same 50 sessions as real open tabs: each page refreshes every 5 s (the table's own
  // interval), starting at a random moment within the first interval. Latency here is what a
  // user with the page open sees when 50 people watch their containers at once.
  const REFRESH_MS = 5000;
  const tabTimes: number[] = [];
  const tabsStarted = performance.now();
  await Promise.all(
    sessions.map(async (web) => {
      let next = tabsStarted + Math.random() * REFRESH_MS;
      while (next - tabsStarted < DURATION_MS) {
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
        const t = performance.now();
        await view(web);
        tabTimes.push(performance.now() - t);
        next += REFRESH_MS;
      }
    }),
  );
  console.log(
    `containers page p50/p95 with 50 open pages refreshing every 5 s (${fmt(tabTimes.length / (DURATION_MS / 1000))} req/s): ${fmt(percentile(tabTimes, 50), 0)} ms / ${fmt(percentile(tabTimes, 95), 0)} ms`,
  );
  console.log(`web RSS after the open-pages load: ${fmt(treeRssMiB(webPid))} MB`);
} finally {
  await closePveClients();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
  await closeDb();
  await closeRedis();
}
