// Service checks in the browser: a Redis container from the wizard gets its template's TCP check;
// a check of a port nothing listens on goes down with its error; a check of the web app itself
// passes and draws its response-time chart; edit, pause, delete; the tab at 375 px.
// The worker probes from this machine, so the targets are 127.0.0.1 (the e2e stack runs with
// KILN_ALLOW_LOOPBACK_NODES=1, tests/setup/env.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { freePort } from '../setup/stack';
import { signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
const webPort = new URL(webUrl).port;
let browser: Browser;
let page: Page;
/** A port nothing listens on (taken and closed again by freePort). */
let closedPort: number;

const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
const check = (name: string): Locator => page.locator(`[data-testid="service-check"][data-check="${name}"]`);

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
  closedPort = await freePort();
});

afterAll(async () => {
  await browser?.close();
});

/** Fills the add/edit dialog's fields that are given, then saves and waits for it to close. */
async function fillCheck(dialog: Locator, fields: { name?: string; kind?: string; port?: string; host?: string; path?: string; keyword?: string; interval?: string; timeout?: string }) {
  if (fields.name !== undefined) await dialog.getByLabel('Name').fill(fields.name);
  if (fields.kind !== undefined) await dialog.getByLabel('Kind').selectOption({ label: fields.kind });
  if (fields.port !== undefined) await dialog.getByLabel('Port').fill(fields.port);
  if (fields.host !== undefined) await dialog.getByLabel('Host (optional)').fill(fields.host);
  if (fields.path !== undefined) await dialog.getByLabel('Path').fill(fields.path);
  if (fields.keyword !== undefined) await dialog.getByLabel('Keyword (optional)').fill(fields.keyword);
  if (fields.interval !== undefined) await dialog.getByLabel('Every (s)').fill(fields.interval);
  if (fields.timeout !== undefined) await dialog.getByLabel('Timeout (ms)').fill(fields.timeout);
}

describe('Service checks', () => {
  it('creates a Redis container from the wizard; its Checks tab shows the template’s TCP check', async () => {
    await page.goto('/containers/new');
    await page
      .getByRole('radio', { name: /Redis 7/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Node' }).waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Host name').fill('checks-e2e');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Storage for the root disk').selectOption({ index: 1 });
    const review = page.getByTestId('review');
    for (let n = 0; n < 4 && !(await review.isVisible()); n++) {
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.waitForTimeout(300);
    }
    await review.waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Create container' }).click();
    // The generated Redis password is shown once.
    const secrets = page.getByRole('dialog', { name: 'Save these now' });
    await secrets.waitFor({ timeout: 30_000 });
    expect(await secrets.textContent()).toContain('password');
    await secrets.getByRole('button', { name: 'I saved them — show progress' }).click();
    await page.waitForURL(/\/containers\/creations\//, { timeout: 30_000 });
    await page.locator('[data-lifecycle="ready"]').waitFor({ timeout: 180_000 });

    await page.goto('/containers?q=checks-e2e');
    const row = page.locator('tr[data-vmid]', { hasText: 'checks-e2e' });
    await row.waitFor({ timeout: 60_000 });
    await row.getByRole('link', { name: 'checks-e2e' }).click();
    await page.waitForURL(/\/containers\/[0-9a-f-]{36}\/\d+$/);
    await page.getByRole('navigation', { name: 'Container sections' }).getByRole('link', { name: 'Checks' }).click();
    await page.waitForURL(/[?&]tab=checks$/);

    const def = check('Port (TCP 6379)');
    await def.waitFor();
    expect(await def.textContent()).toContain('from the template');
    expect(await def.textContent()).toContain('container:6379');
    expect(await page.getByTestId('service-check').count()).toBe(1);
  });

  it('adds a TCP check of a port nothing listens on and sees it go down with its error', async () => {
    await page.getByRole('button', { name: 'Add check' }).click();
    const dialog = page.getByRole('dialog');
    await fillCheck(dialog, { name: 'closed-port', kind: 'TCP connect', host: '127.0.0.1', port: String(closedPort), interval: '10', timeout: '2000' });
    await dialog.getByRole('button', { name: 'Add check' }).click();
    await dialog.waitFor({ state: 'detached' });

    const c = check('closed-port');
    await c.waitFor();
    expect(await c.textContent()).toContain(`127.0.0.1:${closedPort}`);
    // The worker's 10 s tick runs it; the tab refreshes itself every 5 s.
    await c.getByTestId('check-status').filter({ hasText: 'down' }).waitFor({ timeout: 60_000 });
    expect(await c.getByTestId('check-error').textContent()).toBe('Connection refused');
    expect(await c.getByTestId('latency-empty').count()).toBe(1);
    await screenshot(page, 'service-check-down');
  });

  it('adds an HTTP check of the web app with a keyword that is not there, fixes it, and the response-time chart renders', async () => {
    await page.getByRole('button', { name: 'Add check' }).click();
    const dialog = page.getByRole('dialog');
    await fillCheck(dialog, { name: 'web-login', kind: 'HTTP', host: '127.0.0.1', port: webPort, path: '/login', keyword: 'no-such-text-e2e', interval: '10' });
    await dialog.getByRole('button', { name: 'Add check' }).click();
    await dialog.waitFor({ state: 'detached' });

    const c = check('web-login');
    await c.getByTestId('check-status').filter({ hasText: 'down' }).waitFor({ timeout: 60_000 });
    expect(await c.getByTestId('check-error').textContent()).toBe('The page does not contain “no-such-text-e2e”');

    // Edit: no keyword, so the page answering 200 is enough.
    await c.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    expect(await edit.getByLabel('Keyword (optional)').inputValue()).toBe('no-such-text-e2e');
    await edit.getByLabel('Keyword (optional)').fill('');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    // The tab refreshes after the save: the keyword goes from the check's line.
    await c.getByText('must contain').waitFor({ state: 'detached' });

    await c.getByTestId('check-status').filter({ hasText: /^up$/ }).waitFor({ timeout: 60_000 });
    expect(await c.getByTestId('check-error').count()).toBe(0);
    await c.getByTestId('latency-chart').waitFor({ timeout: 30_000 });
    expect(await c.getByTestId('latency-chart').locator('svg path.recharts-line-curve').count()).toBe(1);
    await screenshot(page, 'service-check-up');
  });

  it('pauses, resumes and deletes a check', async () => {
    const c = check('closed-port');
    await c.getByRole('button', { name: 'Pause' }).click();
    await c.getByTestId('check-status').filter({ hasText: 'paused' }).waitFor();
    await c.getByRole('button', { name: 'Resume' }).waitFor();
    // Stays paused across a reload (stored, not just the button's state).
    await page.reload();
    expect(await check('closed-port').getByTestId('check-status').textContent()).toBe('paused');

    await check('closed-port').getByRole('button', { name: 'Resume' }).click();
    await check('closed-port').getByRole('button', { name: 'Pause' }).waitFor();

    await check('closed-port').getByRole('button', { name: 'Delete check closed-port' }).click();
    const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await confirm.getByRole('button', { name: 'Delete check' }).click();
    await check('closed-port').waitFor({ state: 'detached' });
    await page.reload();
    await check('web-login').waitFor();
    expect(await check('closed-port').count()).toBe(0);
    expect(await page.getByTestId('service-check').count()).toBe(2);
  });

  it('fits a phone (375 px) with no horizontal overflow, the chart included', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await check('web-login').getByTestId('latency-chart').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Add check' }).click();
    await page.getByRole('dialog').getByLabel('Name').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'service-checks-phone');
    await page.keyboard.press('Escape');
    await page.setViewportSize(DESKTOP);
  });
});
