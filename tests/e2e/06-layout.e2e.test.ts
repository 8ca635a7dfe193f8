import https from 'node:https';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readDemoInfo } from '../../scripts/lib/demo';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
const testEnv = inject('testEnv');
let browser: Browser;
let page: Page;

// A discovered container whose host name is as long as DNS allows (four 63-char labels) and whose
// tags are long too: the kind of data that pushed pages sideways.
const LONG_NAME = ['a', 'b', 'c', 'd']
  .map((c) => `${c}${'x'.repeat(61)}${c}`)
  .join('.')
  .slice(0, 253);
const LONG_VMID = 990;

/** Creates the container on the demo simulator through its PVE API, as another PVE client would. */
function createLongNamedContainer(): Promise<void> {
  const demo = readDemoInfo(`${testEnv.KILN_DATA_DIR}/run-${testEnv.KILN_TEST_RUN_ID}`);
  if (!demo) throw new Error('demo simulator info not found');
  const body = new URLSearchParams({
    vmid: String(LONG_VMID),
    hostname: LONG_NAME,
    ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    storage: 'local-lvm',
    tags: `${'verylongtagname'.repeat(4)};another-${'long'.repeat(10)}`,
  }).toString();
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: demo.host,
        port: demo.apiPort,
        path: '/api2/json/nodes/pve3/lxc',
        method: 'POST',
        rejectUnauthorized: false, // the simulator's self-signed certificate; only test data goes there
        headers: { Authorization: `PVEAPIToken=${demo.tokenId}=${demo.tokenSecret}`, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`create CT ${LONG_VMID}: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** How far the page is wider than the viewport (0 when it fits), and the widest offender. */
async function overflow(p: Page): Promise<{ by: number; culprit: string }> {
  return p.evaluate(`(() => {
    const vw = window.innerWidth;
    const by = document.documentElement.scrollWidth - vw;
    let culprit = '';
    if (by > 0) {
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 && r.width > 0) { culprit = el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 60); }
      }
    }
    return { by, culprit };
  })()`);
}

async function routes(): Promise<string[]> {
  await page.goto(`/containers?q=${encodeURIComponent(`tag:another-${'long'.repeat(10)}`)}`);
  const link = page.locator(`tr[data-vmid="${LONG_VMID}"] a`).first();
  await link.waitFor({ timeout: 30_000 });
  const containerPath = new URL(await link.evaluate((a) => (a as unknown as { href: string }).href)).pathname;
  await page.goto('/templates');
  const templatePath = new URL(
    await page
      .locator('a[href^="/templates/"]')
      .filter({ hasNotText: /import|new/i })
      .first()
      .evaluate((a) => (a as unknown as { href: string }).href),
  ).pathname;
  await page.goto('/settings/nodes');
  const nodePath = new URL(
    await page
      .locator('a[href^="/settings/nodes/"]')
      .filter({ hasNotText: /add/i })
      .first()
      .evaluate((a) => (a as unknown as { href: string }).href),
  ).pathname;
  return [
    '/',
    '/containers',
    `/containers?q=${encodeURIComponent(LONG_NAME.slice(0, 20))}`,
    '/containers/new',
    containerPath,
    ...['services', 'checks', 'updates', 'snapshots', 'console', 'settings', 'backups', 'history'].map((t) => `${containerPath}?tab=${t}`),
    '/templates',
    templatePath,
    '/templates/import',
    '/templates/new',
    '/settings',
    '/settings/nodes',
    '/settings/nodes/new',
    nodePath,
    `${nodePath}/images`,
    '/settings/ip-pools',
    '/settings/catalogue',
    '/backups',
    '/operations',
    '/settings/account',
    '/settings/updates',
    '/settings/notifications',
    '/alerts',
    '/settings/users',
    '/settings/audit',
    '/no-such-page',
  ];
}

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
  await createLongNamedContainer();
});

afterAll(async () => {
  await browser?.close();
});

describe('every page fits the screen', () => {
  let paths: string[] = [];

  it('finds the long-named container in the table once the poll picked it up', async () => {
    paths = await routes();
    expect(paths.length).toBeGreaterThan(15);
  });

  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`no page is wider than the viewport at ${viewport.width} px`, async () => {
      await page.setViewportSize(viewport);
      const wide: string[] = [];
      for (const path of paths) {
        await page.goto(path);
        await page.waitForLoadState('networkidle').catch(() => undefined);
        const o = await overflow(page);
        if (o.by > 0) {
          wide.push(`${path}: ${o.by} px too wide (${o.culprit})`);
          await screenshot(page, `overflow-${label}-${path.replace(/[^a-z0-9]+/gi, '_').slice(0, 60)}`);
        }
      }
      expect(wide).toEqual([]);
    });
  }

  it('on a phone, the open tab of a scrolling tab strip is in view', async () => {
    await page.setViewportSize(PHONE);
    const container = paths.find((p) => /^\/containers\/[0-9a-f-]{36}\/\d+$/.test(p))!;
    for (const [path, nav, tab] of [
      [`${container}?tab=history`, 'Container sections', 'History'],
      ['/settings/audit', 'Settings', 'Audit log'],
    ] as const) {
      await page.goto(path);
      const strip = page.getByRole('navigation', { name: nav });
      const open = strip.locator('[aria-current="page"]');
      expect(await open.textContent()).toBe(tab);
      // boundingBox is the on-screen box: a tab scrolled out of its strip lies outside the strip's box
      const inView = async () => {
        const [t, n] = await Promise.all([open.boundingBox(), strip.boundingBox()]);
        return !!t && !!n && t.x >= n.x - 1 && t.x + t.width <= n.x + n.width + 1;
      };
      await expect.poll(inView).toBe(true);
    }
  });

  it('the connection test of the demo node fits a phone after a retest', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(paths.find((p) => p.startsWith('/settings/nodes/') && p !== '/settings/nodes/new')!);
    await page.getByRole('button', { name: /test/i }).first().click();
    await page.locator('[aria-label="Connection test"] li').first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const o = await overflow(page);
    if (o.by > 0) await screenshot(page, 'overflow-phone-node-retest');
    expect(o).toEqual({ by: 0, culprit: '' });
  });
});
