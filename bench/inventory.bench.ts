// Issue 5 figures against the running stack: containers page with 3 nodes x 300 containers,
// VMID validation server time, and PVE requests per node per minute with 10 tabs open.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '@kiln/pve-sim';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { VmidService, closePveClients } from '@kiln/services';
import { fmt, percentile } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';
import { WebClient } from '../tests/helpers/web-client';
import { addSimNodeOverHttp } from '../tests/helpers/sim';

const url = process.env.KILN_BENCH_WEB_URL;
if (!url) throw new Error('KILN_BENCH_WEB_URL is not set (run through `pnpm bench`)');

// Seeding 900 containers is done once; later runs restart from the saved state.
const dataDir = '/tmp/kiln-bench-sim-3x300';
const seeded = existsSync(`${dataDir}/state.json`);
const t0 = performance.now();
const sim = await startSimulator({ dataDir, apiPort: 0, sshPort: 0, nodes: ['pve1', 'pve2', 'pve3'], seedContainersPerNode: 300, authFailureDelayMs: 50, tokens: [{ id: 'kiln@pve!kiln' }] });
console.log(`simulator start (3x300, ${seeded ? 'saved state' : 'seeding'}): ${fmt(performance.now() - t0, 0)} ms`);

try {
  const user = await makeUser();
  const web = new WebClient(url);
  await web.login(user.username, user.password);
  const nodeId = await addSimNodeOverHttp(web, sim, 'bench');

  // Containers page: wait for the first poll, then time server renders.
  const first = await web.page('/containers');
  const rows = (first.html.match(/data-vmid=/g) ?? []).length;
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const p = await web.page('/containers');
    times.push(performance.now() - t);
    if (p.status !== 200) throw new Error(`containers page answered ${p.status}`);
  }
  console.log(`containers page server render p50 (3 nodes x 300 containers, ${rows} rows): ${fmt(percentile(times, 50))} ms`);
  console.log(`containers page server render p95: ${fmt(percentile(times, 95))} ms`);

  // VMID validation, as the server action runs it (Redis SET lookup; cache warmed like the wizard does).
  const vmids = new VmidService(getDb(), getRedis());
  await vmids.refresh(user.id, nodeId);
  const vt: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await vmids.check(user.id, nodeId, 100 + (i % 1200));
    vt.push(performance.now() - t);
  }
  console.log(`VMID validation server time p50: ${fmt(percentile(vt, 50), 2)} ms`);

  // 10 tabs auto-refreshing the containers page every 5 s for one minute.
  // The signed-in client plus 9 more sessions, signed in one after another (10 is the per-account
  // session cap, and simultaneous sign-ins of one account are refused past 5 as a burst).
  const tabs = [web];
  for (let i = 0; i < 9; i++) {
    const c = new WebClient(url);
    const res = await c.login(user.username, user.password);
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    tabs.push(c);
  }
  sim.requestLog.reset();
  const started = Date.now();
  let views = 0;
  await Promise.all(
    tabs.map(async (tab, i) => {
      await new Promise((r) => setTimeout(r, i * 500)); // tabs opened at different moments
      while (Date.now() - started < 60_000) {
        await tab.page('/containers');
        views++;
        await new Promise((r) => setTimeout(r, 5000));
      }
    }),
  );
  const minutes = (Date.now() - started) / 60_000;
  const perMinute = sim.requestLog.count() / minutes;
  console.log(`PVE requests per minute with 10 tabs open (${views} page views): ${fmt(perMinute)} req/min`);
  console.log(`PVE requests per registered cluster (3 nodes) per minute: ${fmt(perMinute)} req/min (${fmt(perMinute / 3)} per node)`);
} finally {
  await closePveClients();
  await sim.close();
  await closeDb();
  await closeRedis();
}
