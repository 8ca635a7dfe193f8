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
