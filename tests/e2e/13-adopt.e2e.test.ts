import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { openRunningContainer, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
let name: string;

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
});

const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

describe('adopting a discovered container', () => {
  it('offers Adopt on the page of a container Kiln did not create (the wizard creates on pve1; pve2’s are discovered)', async () => {
    name = await openRunningContainer(page, 'pve2');
    await page.getByTestId('discovered-badge').waitFor();
    await page.getByTestId('adopt-card').waitFor();
    expect(await page.getByTestId('provenance').count()).toBe(0);
  });

  it('fits a phone (375 px), the dialog too', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('adopt-card').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Adopt…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Template').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'adopt-dialog-phone');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize(DESKTOP);
  });

  it('adopts it linked to a template version: the page shows who adopted it, the table its template', async () => {
    await page.getByRole('button', { name: 'Adopt…' }).click();
    const dialog = page.getByRole('dialog');
    // The choices load when the dialog opens.
    await dialog.locator('option', { hasText: 'Redis 7 (built-in)' }).waitFor({ state: 'attached', timeout: 30_000 });
    await dialog.getByLabel('Template').selectOption({ label: 'Redis 7 (built-in)' });
    const version = (await dialog.getByLabel('Version').locator('option').first().textContent())!.trim();
    expect(await dialog.getByLabel('Version').inputValue()).not.toBe('');
    await dialog.getByRole('button', { name: 'Adopt', exact: true }).click();

    const provenance = page.getByTestId('provenance');
    await provenance.waitFor({ timeout: 60_000 });
    expect(await provenance.getByRole('heading').first().textContent()).toBe('Adopted by Kiln');
    expect(await page.getByTestId('provenance-origin').textContent()).toMatch(/^Adopted by admin on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(await provenance.textContent()).toContain(`redis ${version}`);
    expect(await page.getByTestId('kiln-badge').textContent()).toContain(`redis ${version}`);
    expect(await page.getByTestId('adopt-card').count()).toBe(0);
    await screenshot(page, 'adopt-provenance');

    await page.goto(`/containers?q=${encodeURIComponent(name)}`);
    const row = page.locator('tr[data-vmid]', { hasText: name }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(`redis ${version}`);
  });
});
