import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { openContainerTab, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
let settingsUrl = '';
let savedMemory = '';

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
});

describe('container settings', () => {
  it('opens the Settings tab of a container of the demo node', async () => {
    await openContainerTab(page, 'Settings');
    settingsUrl = new URL(page.url()).pathname + '?tab=settings';
    await page.getByTestId('settings-tab').waitFor();
    expect(await page.getByLabel('Bridge').first().inputValue()).toMatch(/^vmbr\d$/);
  });

  it('edits the memory and sees it applied', async () => {
    const memory = page.getByLabel('Memory (MiB)');
    const before = Number(await memory.inputValue());
    const wanted = String(before + 256);
    savedMemory = wanted;
    await memory.fill(wanted);
    await page.getByTestId('settings-review').getByText(`memory: ${wanted}`).waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    const result = page.locator('[data-testid="settings-result"]');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/Saved settings of /);
    // The page reloads the settings from Proxmox VE: the new value is what it now says.
    await page.reload();
    await page.getByTestId('settings-tab').waitFor();
    // The form fills in as it hydrates: poll rather than read the first frame.
    await expect.poll(() => page.getByLabel('Memory (MiB)').inputValue(), { timeout: 15_000 }).toBe(wanted);
    await screenshot(page, 'settings-desktop');
  });

  it('shows the current values in the server’s HTML, before any script runs', async () => {
    const noScript = await browser.newContext({ viewport: DESKTOP, baseURL: webUrl, javaScriptEnabled: false, storageState: await page.context().storageState() });
    try {
      const plain = await noScript.newPage();
      await plain.goto(settingsUrl);
      await plain.getByTestId('settings-tab').waitFor();
      expect(await plain.getByLabel('Memory (MiB)').inputValue()).toBe(savedMemory);
      expect(await plain.getByLabel('Swap (MiB)').inputValue()).toMatch(/^\d+$/);
      expect(await plain.getByLabel('Bridge').first().inputValue()).toMatch(/^vmbr\d$/);
    } finally {
      await noScript.close();
    }
  });

  it('adds a mount point, then removes it: Proxmox VE keeps its volume', async () => {
    await page.goto(settingsUrl);
    await page.getByTestId('settings-tab').waitFor();
    const result = page.locator('[data-testid="settings-result"]');
    await page.getByRole('button', { name: 'Add a mount point' }).click();
    const fresh = page.locator('[data-testid^="new-mount-"]').first();
    await fresh.getByLabel('Size (GiB)').fill('1');
    await fresh.getByLabel('Path in the container').fill('/e2e-data');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');

    // A new mount point is there at once (PVE plugs it into a running container too).
    await page.goto(settingsUrl);
    const mount = page.locator('[data-testid^="mount-"]').filter({ has: page.locator('input[value="/e2e-data"]') });
    await mount.waitFor({ timeout: 30_000 });
    await mount.getByRole('button', { name: /^Remove mount point mp\d+$/ }).click();
    await page.getByTestId('mounts-removed').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    const verdict = (await result.textContent()) ?? '';
    await page.goto(settingsUrl);
    await page.getByTestId('settings-tab').waitFor();
    if (/when the container restarts/.test(verdict)) {
      // A running container: PVE removes it when it stops, and says so.
      await page.getByTestId('pending').getByText(/mp\d+/).first().waitFor();
    } else {
      await page.getByTestId('unused-volumes').waitFor();
    }
  });

  it('says why a disk cannot shrink, at the field', async () => {
    const disk = page.getByTestId('disk-rootfs');
    await disk.getByRole('textbox').fill('1');
    await disk.getByRole('button', { name: 'Grow to GiB' }).click();
    await disk.getByRole('alert').filter({ hasText: 'can only grow a disk' }).waitFor();
  });

  it('is usable at phone width', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(settingsUrl);
    await page.getByTestId('settings-tab').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole('button', { name: 'Save settings' }).isVisible()).toBe(true);
    await screenshot(page, 'settings-phone');
    await page.setViewportSize(DESKTOP);
  });
});
