// Alerts (issue 16) as a user sees them: a webhook channel to a local receiver and its "Send
// test"; a container stopped behind Kiln's back (pct over SSH as root on the demo node) fires an
// alert that shows on the Alerts page, in the sidebar badge, on the container's page and charts
// and in the containers table; the user acknowledges it with a note from a phone; it resolves
// when the container runs again. The stack's worker polls and evaluates the rules for real.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sharedSshPool, type NodeSsh } from '@kiln/ssh';
import { readDemoInfo } from '../../scripts/lib/demo';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { startHttpReceiver } from '../helpers/receivers';
import { openRunningContainer, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
const env = inject('testEnv');
const HOOK_PATH = '/kiln-e2e-hook';
const NOTE = 'restarting it after lunch';
let browser: Browser;
let page: Page;
let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;
let root: NodeSsh;
let name = '';
let vmid = 0;
let containerUrl = '';
let title = '';

interface HookBody {
  event: string;
  title: string;
  alert: { id: string } | null;
}

beforeAll(async () => {
  receiver = await startHttpReceiver();
  ({ browser, page } = await signedInAsAdmin(webUrl));
  // The demo simulator of this run (tests/setup/e2e.global.ts): root on pve1 over SSH, as an admin would log in.
  const demo = readDemoInfo(path.join(env.KILN_DATA_DIR!, `run-${env.KILN_TEST_RUN_ID!}`))!;
  root = sharedSshPool().node({ host: demo.sshHost, port: demo.sshPort, username: 'root', auth: { password: demo.sshPassword }, hostKeyFingerprint: demo.sshHostKeyFingerprint });
});

afterAll(async () => {
  // Leave the container running for whoever looks at the demo cluster next.
  if (vmid) await root?.exec(['pct', 'start', String(vmid)]).catch(() => undefined);
  await sharedSshPool().close();
  await receiver?.close();
  await browser?.close();
});

const hooks = () => receiver.on(HOOK_PATH).map((r) => JSON.parse(r.body) as HookBody);
const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
const alertItem = () => page.getByRole('list', { name: 'Alerts' }).locator('li', { hasText: title });

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Reloads `url` until `locator` shows (the page renders alerts per request; the worker polls every 5 s). */
async function reloadUntilVisible(url: string, locator: () => ReturnType<Page['locator']>, timeoutMs = 60_000): Promise<void> {
  await page.goto(url);
  await until(
    `${url} to show it`,
    async () => {
      if ((await locator().count()) > 0) return true;
      await new Promise((r) => setTimeout(r, 1500));
      await page.reload();
      return false;
    },
    timeoutMs,
  );
}

describe('alerts', () => {
  it('adds a webhook channel and its test notification reaches the receiver', async () => {
    await page.goto('/settings/notifications');
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('e2e hook');
    await dialog.getByLabel('Kind').selectOption('webhook');
    await dialog.getByLabel('URL').fill(receiver.url(HOOK_PATH));
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const channel = page.locator('[data-channel="e2e hook"]');
    await channel.waitFor();
    // The URL is write-only: the page never shows it again.
    expect(await page.content()).not.toContain(HOOK_PATH);

    await channel.getByRole('button', { name: 'Send test' }).click();
    expect(await channel.getByRole('status').textContent()).toContain('Test queued');
    await until('the test notification at the receiver', () => hooks().length > 0, 30_000);
    const [test] = hooks();
    expect(receiver.on(HOOK_PATH)[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(test).toMatchObject({ event: 'test', alert: null });
    // The page refreshes itself and lists the delivery as sent.
    await channel.locator('[data-delivery-state="sent"]', { hasText: 'test' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'alerts-channel-test');
  });

  it('fires an alert when a container is stopped outside Kiln: its open page shows it and shades its charts', async () => {
    // A seeded container (its charts have a year of PVE history) other than the first running one:
    // earlier specs act on that one (12-updates' failed update fills its alert strip), and the last
    // row may be a container the wizard created minutes ago, with no year samples to shade.
    name = await openRunningContainer(page, 'pve1', 'second');
    containerUrl = new URL(page.url()).pathname;
    vmid = Number(/\/(\d+)$/.exec(containerUrl)![1]);
    title = `${name} (CT ${vmid}) stopped unexpectedly`;
    const panel = page.locator('[data-testid="metrics-panel"][data-loading="false"]');
    await panel.waitFor();
    const cpu = page.getByTestId('metric-chart').first();
    // (Earlier files may have left closed alerts of this container in the hour: counted, not assumed.)
    const before = Number(await cpu.getAttribute('data-shaded'));

    const stop = await root.exec(['pct', 'stop', String(vmid)]);
    expect(stop.exitCode).toBe(0);

    // The page refreshes itself (every 5 s): the alert shows, and the charts reload with it shaded (it runs to now).
    const strip = page.getByTestId('alert-strip');
    await strip.waitFor({ timeout: 60_000 });
    expect(await strip.textContent()).toContain(title);
    const shading = cpu.getByTestId('alert-shading');
    await shading.filter({ hasText: title }).waitFor({ timeout: 30_000 });
    expect(await shading.textContent()).toContain('(still open)');
    expect(Number(await cpu.getAttribute('data-shaded'))).toBe(before + 1);
    expect(await cpu.locator('.recharts-reference-area').count()).toBe(before + 1);
  });

  it('lists it on the Alerts page with the sidebar badge, and notifies the channel once', async () => {
    await reloadUntilVisible('/alerts', alertItem, 15_000);
    expect(await alertItem().getAttribute('data-alert-state')).toBe('firing');
    expect(Number(await page.getByTestId('alert-badge').first().textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'alerts-firing');

    await until('the firing notification at the receiver', () => hooks().some((h) => h.event === 'firing' && h.title === title), 30_000);
    // One alert, one notification: later polls of the stopped container do not repeat it.
    await new Promise((r) => setTimeout(r, 11_000));
    expect(hooks().filter((h) => h.event === 'firing' && h.title === title)).toHaveLength(1);
  });

  it('marks the container in the table; its charts toggle series and show a year', async () => {
    await page.goto(`/containers?q=${encodeURIComponent(`alert:firing ${name}`)}`);
    const row = page.locator(`tr[data-vmid="${vmid}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-alert')).toBe('firing');
    expect(await row.locator('[data-alert="firing"]').textContent()).toBe('alert');

    await page.goto(containerUrl);
    await page.locator('[data-testid="metrics-panel"][data-timeframe="hour"][data-loading="false"]').waitFor();
    // Legend toggles: hiding "used" memory removes its area, showing it brings it back.
    const memory = page.locator('[data-testid="metric-chart"][data-metric="Memory"]');
    const used = memory.getByRole('button', { name: 'used' });
    const areas = () => memory.locator('.recharts-area').count();
    expect(await areas()).toBe(2);
    await used.click();
    expect(await used.getAttribute('aria-pressed')).toBe('false');
    await until('the used series to hide', async () => (await areas()) === 1, 5_000);
    await used.click();
    expect(await used.getAttribute('aria-pressed')).toBe('true');
    await until('the used series to show', async () => (await areas()) === 2, 5_000);

    // The year range (PVE's 6-hour points of 360 days), the alert still shaded.
    await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: 'Year' }).click();
    await page.locator('[data-testid="metrics-panel"][data-timeframe="year"][data-loading="false"]').waitFor();
    expect(await page.getByRole('button', { name: 'Year' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('metric-chart').first().getByTestId('alert-shading').waitFor();
    await screenshot(page, 'alerts-container-charts');
  });

  it('is acknowledged with a note from a phone (375 px), and the badge drops it', async () => {
    await page.goto('/alerts');
    const badgeBefore = Number(await page.getByTestId('alert-badge').first().textContent());
    await page.setViewportSize(PHONE);
    await page.reload();
    await alertItem().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'alerts-phone');

    await alertItem().getByRole('button', { name: 'Acknowledge' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Note (optional)').fill(NOTE);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'alerts-acknowledge-phone');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await reloadUntilVisible('/alerts?state=acknowledged', alertItem, 15_000);
    expect(await alertItem().getAttribute('data-alert-state')).toBe('acknowledged');
    expect(await alertItem().textContent()).toContain(`Note: ${NOTE}`);
    expect(await overflow()).toBeLessThanOrEqual(0);
    const badge = page.getByTestId('alert-badge');
    expect((await badge.count()) === 0 ? 0 : Number(await badge.first().textContent())).toBe(badgeBefore - 1);
    await page.goto('/alerts');
    expect(await alertItem().count()).toBe(0);
    await page.setViewportSize(DESKTOP);
  });

  it('resolves when the container runs again', async () => {
    const start = await root.exec(['pct', 'start', String(vmid)]);
    expect(start.exitCode).toBe(0);
    await reloadUntilVisible('/alerts?state=resolved', alertItem);
    expect(await alertItem().getAttribute('data-alert-state')).toBe('resolved');
    expect(await alertItem().textContent()).toContain(`Note: ${NOTE}`);
    // The channel sends resolutions too (the default).
    await until('the resolved notification at the receiver', () => hooks().some((h) => h.event === 'resolved' && h.title === title), 30_000);
    await page.goto(containerUrl);
    await page.getByTestId('metrics-panel').waitFor();
    expect(await page.getByTestId('alert-strip').count()).toBe(0);
  });
});
