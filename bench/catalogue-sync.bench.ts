// Issue 14 figures: sync of a generated 600-app source in the helper scripts' layout, served over
// loopback git like the tests' fixture. The sync runs in this process (the worker runs the same
// function), so its RSS growth stands for the worker's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeDb, getDb } from '@kiln/db';
import { syncCatalogueSource } from '@kiln/services';
import { fmt } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';
import { generatedHelperScriptsSource } from './lib/helper-scripts-source';

const APPS = 600;
const repo = await generatedHelperScriptsSource(APPS);
const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-catalogue-cache-'));
try {
  const admin = await makeUser('admin');
  const db = getDb();
  const source = await db.catalogueSource.create({ data: { name: `bench-${Date.now()}`, kind: 'helper_scripts', url: repo.url, createdById: admin.id } });
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const report = await syncCatalogueSource({ db, cacheRoot }, source.id);
  const wall = performance.now() - t0;
  clearInterval(sampler);
  if (report.added !== APPS) throw new Error(`expected ${APPS} templates, got ${report.added} (${report.error ?? report.entries[0]?.message ?? ''})`);
  console.log(`catalogue sync, ${APPS}-app helper-scripts source (first sync): ${fmt(wall, 0)} ms`);
  console.log(`catalogue sync RSS peak growth: ${fmt((peak - rss0) / 1024 / 1024)} MB`);
  const t1 = performance.now();
  await syncCatalogueSource({ db, cacheRoot }, source.id);
  console.log(`catalogue sync, same source unchanged: ${fmt(performance.now() - t1, 0)} ms`);
} finally {
  await repo.close();
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  await closeDb();
}
