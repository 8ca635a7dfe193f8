import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PHONE, DESKTOP, screenshot } from '../helpers/browser';
import { signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;

const TEMPLATE = 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst';
const image = () => page.locator(`[data-testid="os-image"][data-volid="local:vztmpl/${TEMPLATE}"]`);

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
});

const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

describe('OS images of a node', () => {
  it('opens from Settings → Nodes and lists the images of the node’s template storage', async () => {
    await page.goto('/settings/nodes');
    await page.getByTestId('node-demo').getByRole('link', { name: 'OS images' }).click();
    await page.waitForURL(/\/settings\/nodes\/[0-9a-f-]{36}\/images$/);
    const local = page.getByTestId('image-storage-local');
    await local.waitFor();
    expect(await local.locator('[data-testid="os-image"][data-volid="local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"]').count()).toBe(1);
    expect(await image().count()).toBe(0);
  });

  it('downloads an image from the appliance index (searched) and then lists it', async () => {
    const local = page.getByTestId('image-storage-local');
    await local.getByRole('button', { name: 'Download…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('appliance-entry').first().waitFor({ timeout: 30_000 });
    await dialog.getByLabel('Search').fill('noble');
    const entries = dialog.getByTestId('appliance-entry');
    expect(await entries.count()).toBe(1);
    expect(await entries.first().getAttribute('data-template')).toBe(TEMPLATE);
    await dialog.getByLabel('Section').selectOption('system');
    await entries.first().getByRole('button', { name: 'Download' }).click();
    await image().waitFor({ timeout: 60_000 });
    expect(await image().textContent()).toContain('tzst');
    await page.getByText(`Downloaded ${TEMPLATE} to local on pve1.`).first().waitFor();
    await screenshot(page, 'os-images-desktop');
  });

  it('fits a phone (375 px)', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await image().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);
  });

  it('deletes it after a confirmation', async () => {
    await image().getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete this OS image?').waitFor();
    await dialog.getByRole('button', { name: 'Delete image' }).click();
    await image().waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.locator('[data-testid="os-image"][data-volid="local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"]').count()).toBe(1);
  });
});
