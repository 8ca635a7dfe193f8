import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { openRunningContainer, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
const SNAP = `e2e-${Date.now().toString(36)}`;

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
});

const notice = () => page.getByTestId('snapshot-notice');

describe('snapshots of a container', () => {
  it('opens the Snapshots tab of a running container of the demo node', async () => {
    await openRunningContainer(page);
    await page.getByRole('navigation', { name: 'Container sections' }).getByRole('link', { name: 'Snapshots' }).click();
    await page.waitForURL(/tab=snapshots/);
    await page.locator('[data-snapshot="NOW"]').waitFor({ timeout: 30_000 });
  });

  it('refuses a name PVE would refuse at the field, then takes a snapshot', async () => {
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('not valid');
    await dialog.getByRole('button', { name: 'Take snapshot' }).click();
    await dialog.locator('#snapname-error').waitFor();
    expect(await dialog.locator('#snapname-error').textContent()).toMatch(/Start with a letter/);
    await dialog.getByLabel('Name').fill(SNAP);
    await dialog.getByLabel('Description (optional)').fill('before trying something');
    await dialog.getByRole('button', { name: 'Take snapshot' }).click();
    await page.locator('[data-testid="snapshot-notice"]', { hasText: new RegExp(`^Snapshot ${SNAP} taken of `) }).waitFor({ timeout: 60_000 });
    await page.locator(`[data-snapshot="${SNAP}"]`).waitFor();
    expect(await page.locator(`[data-snapshot="${SNAP}"]`).textContent()).toContain('before trying something');
    await screenshot(page, 'snapshots-desktop');
  });

  it('edits the snapshot’s description', async () => {
    await page.getByRole('button', { name: `Edit the description of ${SNAP}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Description').inputValue()).toBe('before trying something');
    await dialog.getByLabel('Description').fill('known good state');
    await dialog.getByRole('button', { name: 'Save description' }).click();
    await page.locator('[data-testid="snapshot-notice"]', { hasText: new RegExp(`^Saved the description of snapshot ${SNAP} of `) }).waitFor({ timeout: 60_000 });
    await page.locator(`[data-snapshot="${SNAP}"]`, { hasText: 'known good state' }).waitFor();
  });

  it('rolls back after confirming, starting the container again', async () => {
    await page.getByRole('button', { name: `Roll back to ${SNAP}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Everything the container changed since the snapshot is discarded', { exact: false }).waitFor();
    expect(await dialog.getByLabel('Start the container after rolling back').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await page.locator('[data-testid="snapshot-notice"]', { hasText: new RegExp(`^Rolled .+ back to ${SNAP} and started it`) }).waitFor({ timeout: 60_000 });
    expect(await notice().getAttribute('role')).toBe('status');
    await page.locator('[data-snapshot="NOW"]', { hasText: 'Running' }).waitFor({ timeout: 30_000 });
  });

  it('is usable on a phone (375 px): nothing wider than the screen', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.locator(`[data-snapshot="${SNAP}"]`).waitFor({ timeout: 30_000 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'snapshots-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('deletes the snapshot after confirming', async () => {
    await page.getByRole('button', { name: `Delete snapshot ${SNAP}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete snapshot' }).click();
    await page.locator('[data-testid="snapshot-notice"]', { hasText: new RegExp(`^Deleted snapshot ${SNAP} of `) }).waitFor({ timeout: 60_000 });
    expect(await page.locator(`[data-snapshot="${SNAP}"]`).count()).toBe(0);
  });
});
