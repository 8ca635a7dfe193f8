import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
});

const rows = () => page.locator('tr[data-vmid]');

describe('nodes and the container overview', () => {
  it('shows the no-node banner and adds the demo node after trusting its certificate', async () => {
    await page.getByText('No Proxmox node is connected yet.').waitFor();
    await page.goto('/settings/nodes');
    await page.getByRole('link', { name: 'Add demo node' }).click();
    await page.waitForURL('**/settings/nodes/new?demo=1');
    expect(await page.getByLabel('Name in Kiln').inputValue()).toBe('demo');
    expect(await page.getByLabel('API token secret').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Test and add node' }).click();
    const prompt = page.getByTestId('certificate-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toMatch(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    await prompt.getByRole('button', { name: 'Trust and continue' }).click();
    await page.getByText('Node saved.').waitFor({ timeout: 30_000 });
    const statuses = await page.locator('[data-check]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-check')}=${e.getAttribute('data-status')}`));
    expect(statuses).toContain('privileges=ok');
    expect(statuses).toContain('pct=ok');
  });

  it('lists the containers of all cluster nodes with node badges', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
    await page.waitForURL(webUrl + '/containers');
    await rows().first().waitFor();
    expect(await rows().count()).toBe(9);
    for (const node of ['pve1', 'pve2', 'pve3']) expect(await page.locator('tbody').getByText(node, { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, 'containers-desktop');
  });

  it('selects rows with their checkboxes and the header box, and clears them', async () => {
    // Still on the page the sidebar opened (a client-side navigation: the table is live).
    const boxes = page.locator('tr[data-vmid] input[type="checkbox"]');
    const bar = page.getByRole('toolbar', { name: 'Selected containers' });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await bar.getByText('2 selected').waitFor();
    await boxes.nth(0).uncheck();
    await bar.getByText('1 selected').waitFor();
    expect(await boxes.nth(1).isChecked()).toBe(true);
    await page.getByLabel('Select all rows on this page').check();
    const n = await boxes.count();
    await bar.getByText(`${n} selected`).waitFor();
    for (let i = 0; i < n; i++) expect(await boxes.nth(i).isChecked()).toBe(true);
    await bar.getByRole('button', { name: 'Clear' }).click();
    await bar.waitFor({ state: 'detached' });
    for (let i = 0; i < n; i++) expect(await boxes.nth(i).isChecked()).toBe(false);
  });

  it('filters with status:running, keeping the filter in the URL', async () => {
    const total = await rows().count();
    await page.getByLabel('Search containers').fill('status:running');
    await page.waitForURL(/q=status%3Arunning/);
    await expect.poll(() => page.locator('tr[data-vmid]').count(), { timeout: 30_000 }).toBeLessThan(total);
    // Columns: VMID, Type, Name, Node, Status, …
    const statuses = await page.locator('tr[data-vmid] td:nth-child(5)').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s.trim()).toBe('running');
    await page.reload();
    expect(await page.getByLabel('Search containers').inputValue()).toBe('status:running');
  });

  it('is readable on a phone', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/containers');
    await rows().first().waitFor();
    // Wide columns give way to a summary line under the name.
    expect(await page.locator('th', { hasText: 'Memory' }).isVisible()).toBe(false);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'containers-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('shows a clear error for a wrong token', async () => {
    await page.goto('/settings/nodes');
    await page.getByTestId('node-demo').getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('API token secret').fill('00000000-1111-2222-3333-444444444444');
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.getByText(/The token was rejected \(401\)/).waitFor({ timeout: 30_000 });
    await page.getByText('The node was not saved').waitFor();
  });
});
