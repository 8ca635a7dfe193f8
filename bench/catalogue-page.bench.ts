// Issue 14 figures: the catalogue page with 1,000 templates (the six built-ins and a generated
// 994-app helper-scripts source), against the running built stack (KILN_BENCH_WEB_URL, set by
// scripts/bench.ts): server render of /templates (target p50 < 150 ms), a search through the page,
// and the search itself in @kiln/services (target p50 < 50 ms), with the index cold and warm.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeDb, getDb } from '@kiln/db';
import { syncCatalogueSource, templateCataloguePage } from '@kiln/services';
import { parseCatalogueQuery } from '@kiln/services/schemas';
import { fmt, percentile, timeIt } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';
import { WebClient } from '../tests/helpers/web-client';
import { generatedHelperScriptsSource } from './lib/helper-scripts-source';

const url = process.env.KILN_BENCH_WEB_URL;
if (!url) throw new Error('KILN_BENCH_WEB_URL is not set (run through `pnpm bench`)');

const APPS = 994;
const db = getDb();
const repo = await generatedHelperScriptsSource(APPS);
const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-catalogue-page-'));
let sourceId: string | undefined;
try {
  const admin = await makeUser('admin');
  const user = await makeUser();
  const source = await db.catalogueSource.create({ data: { name: `bench-page-${Date.now()}`, kind: 'helper_scripts', url: repo.url, createdById: admin.id } });
  sourceId = source.id;
  const report = await syncCatalogueSource({ db, cacheRoot }, source.id);
  if (report.added !== APPS) throw new Error(`expected ${APPS} templates, got ${report.added} (${report.error ?? report.entries[0]?.message ?? ''})`);

  const web = new WebClient(url);
  await web.login(user.username, user.password);
  const page = async (pathname: string) => {
    const p = await web.page(pathname);
    if (p.status !== 200) throw new Error(`${pathname} answered ${p.status}`);
    return p.html;
  };
  const count = (html: string) => Number(/data-catalogue-count="(\d+)"/.exec(html)?.[1] ?? NaN);

  const t0 = performance.now();
  const first = await page('/templates');
  console.log(`catalogue page first view after the sync (index built): ${fmt(performance.now() - t0)} ms`);
  if (count(first) < 1000) throw new Error(`the catalogue shows ${count(first)} templates, expected at least 1000`);
  console.log(`catalogue page HTML with ${count(first)} templates (one page of cards): ${fmt(Buffer.byteLength(first) / 1024)} KiB`);

  const render = await timeIt(30, async () => void (await page('/templates')));
  console.log(`catalogue page server render p50 (${count(first)} templates): ${fmt(percentile(render, 50))} ms`);
  console.log(`catalogue page server render p95: ${fmt(percentile(render, 95))} ms`);

  const searched = await page('/templates?q=monitoring+app1&os=debian&sort=resources');
  if (!(count(searched) > 0)) throw new Error('the search found nothing');
  const searchPage = await timeIt(30, async () => void (await page('/templates?q=monitoring+app1&os=debian&sort=resources')));
  console.log(`catalogue page with a search and filters, server render p50: ${fmt(percentile(searchPage, 50))} ms`);

  // The search itself, in this process as the web process runs it: the first call builds the index.
  const query = parseCatalogueQuery({ q: 'monitoring app1', cores: '2-', memory: '-2048' });
  const c0 = performance.now();
  const cold = await templateCataloguePage(db, user.id, query);
  console.log(`catalogue search, index cold (${cold.visible} templates read and indexed): ${fmt(performance.now() - c0)} ms`);
  // The new-container wizard with the same 1,000 templates: it lists them all (a card each) and
  // needs a node with working SSH to show the form (a row is enough: the page calls no node).
  await db.node.create({ data: { userId: user.id, name: 'bench-node', host: '127.0.0.1', tokenId: 'bench@pve!bench', tokenSecretEnc: 'unused', sshState: 'ok', pveNodeName: 'pve1' } });
  const wizard = await page('/containers/new');
  if (!wizard.includes('role="radiogroup"')) throw new Error('the wizard did not show its template step');
  const flight = [...wizard.matchAll(/self\.__next_f\.push\((.*?)\)<\/script>/gs)].reduce((n, m) => n + Buffer.byteLength(m[1] ?? ''), 0);
  console.log(`wizard page HTML with ${cold.visible} templates: ${fmt(Buffer.byteLength(wizard) / 1024)} KiB (of it the inline flight data: ${fmt(flight / 1024)} KiB)`);
  const wizardRender = await timeIt(20, async () => void (await page('/containers/new')));
  console.log(`wizard page server render p50 (${cold.visible} templates): ${fmt(percentile(wizardRender, 50))} ms`);
  const chosen = await db.template.findFirstOrThrow({ where: { sourceId: source.id }, select: { id: true } });
  const deployRender = await timeIt(20, async () => void (await page(`/containers/new?template=${chosen.id}`)));
  console.log(`wizard page with a template chosen (Deploy from an app page), server render p50: ${fmt(percentile(deployRender, 50))} ms`);

  const words = ['app', 'monitoring', 'app12', 'database group3', 'generated tool', 'zzz-nothing'];
  let i = 0;
  const search = await timeIt(50, async () => void (await templateCataloguePage(db, user.id, parseCatalogueQuery({ q: words[i++ % words.length] }))));
  console.log(`catalogue search p50 (${cold.visible} templates, index warm): ${fmt(percentile(search, 50))} ms`);
  console.log(`catalogue search p95: ${fmt(percentile(search, 95))} ms`);
} finally {
  if (sourceId) await db.catalogueSource.delete({ where: { id: sourceId } }).catch(() => undefined);
  await repo.close();
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  await closeDb();
}
