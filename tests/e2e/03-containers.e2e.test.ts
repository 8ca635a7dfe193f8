import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { openRunningContainer, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
let containerUrl = '';
/** What Chromium refused under the Content-Security-Policy (charts and the console must need nothing more). */
const cspViolations: string[] = [];

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
});

const status = () => page.locator('h1 + span').first();

describe('managing a container', () => {
  it('opens a running container of the demo node from the table', async () => {
    const name = await openRunningContainer(page);
    containerUrl = new URL(page.url()).pathname;
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByTestId('discovered-badge').waitFor();
    expect(await status().textContent()).toContain('running');
  });

  it('renders the metrics charts', async () => {
    await page.locator('[data-testid="metrics-panel"][data-loading="false"]').waitFor({ timeout: 30_000 });
    const charts = page.locator('[data-testid="metric-chart"]');
    expect(await charts.count()).toBe(4);
    await page.locator('[data-testid="metric-chart"] .recharts-surface').first().waitFor();
    expect(await page.locator('[data-testid="metric-chart"] .recharts-area-curve').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Day' }).click();
    await page.locator('[data-testid="metrics-panel"][data-loading="false"]').waitFor();
    expect(await page.getByRole('button', { name: 'Day' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'container-desktop');
  });

  it('stops and starts the container, showing the PVE result each time', async () => {
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const result = page.getByTestId('action-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/^Stopped /);
    await page.locator('h1 + span', { hasText: 'stopped' }).first().waitFor();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.locator('[data-testid="action-result"]', { hasText: /^Started / }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('action-result').getAttribute('data-ok')).toBe('true');
    await page.locator('h1 + span', { hasText: 'running' }).first().waitFor();
    // Start is disabled while it runs (PVE would refuse: already running).
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
  });

  it('opens the console, runs echo kiln-ok and shows the output', async () => {
    await page.getByRole('navigation', { name: 'Container sections' }).getByRole('link', { name: 'Console' }).click();
    await page.waitForURL(/tab=console/);
    await page.locator('[data-testid="console-status"][data-state="connected"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('console').click();
    await page.keyboard.type('echo kiln-ok');
    await page.keyboard.press('Enter');
    // The output line is exactly "kiln-ok" (the typed command line also contains it).
    await page
      .locator('.xterm-rows > div', { hasText: /^\s*kiln-ok\s*$/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(page, 'container-console');
  });

  it('lists the services of the container', async () => {
    await page.getByRole('navigation', { name: 'Container sections' }).getByRole('link', { name: 'Services' }).click();
    await page.locator('tr[data-service="cron.service"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('tr[data-service="cron.service"]').getAttribute('data-active')).toBe('active');
  });

  it('shows the history with the stop and start', async () => {
    await page.getByRole('navigation', { name: 'Container sections' }).getByRole('link', { name: 'History' }).click();
    await page.getByTestId('timeline').waitFor();
    const text = await page.getByTestId('timeline').textContent();
    expect(text).toContain('container.stop');
    expect(text).toContain('container.start');
    await page.getByTestId('pve-tasks').getByRole('button', { name: 'Show log' }).first().click();
    await page.getByTestId('pve-tasks').getByTestId('task-log').first().waitFor();
  });

  it('is usable at phone width', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(containerUrl);
    await page.locator('[data-testid="metrics-panel"][data-loading="false"]').waitFor({ timeout: 30_000 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole('button', { name: 'Stop', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'container-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('shows node-level charts on the dashboard', async () => {
    await page.goto('/');
    await expect.poll(() => page.locator('[data-node] [data-testid="metrics-panel"][data-loading="false"]').count(), { timeout: 30_000 }).toBe(3);
    expect(await page.locator('[data-node] [data-testid="metric-chart"]').count()).toBe(6);
    await page.locator('[data-node="pve1"] .recharts-area-curve').first().waitFor();
    await screenshot(page, 'dashboard-node-charts');
  });

  it('records the actions and the console in the audit log', async () => {
    await page.goto('/settings/audit?action=container.');
    for (const action of ['container.stop', 'container.start', 'container.console.open']) {
      expect(await page.locator(`tr[data-action="${action}"]`).count()).toBeGreaterThan(0);
    }
  });

  it('needed nothing the Content-Security-Policy forbids', () => {
    expect(cspViolations).toEqual([]);
  });
});
