import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PHONE, screenshot } from '../helpers/browser';
import { openContainerTab, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
});

const result = (text: RegExp) => page.getByTestId('backup-operation-result').filter({ hasText: text }).first();

describe('backups', () => {
  it('backs up a container now and shows the archive', async () => {
    await openContainerTab(page, 'Backups');
    await page.getByRole('button', { name: 'Back up now' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Storage').selectOption('local');
    await dialog.getByLabel('Mode').selectOption('snapshot');
    await dialog.getByRole('button', { name: 'Back up now' }).click();
    await result(/^Backed up /).waitFor({ timeout: 60_000 });
    await page.getByTestId('backup-archive').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('backup-archive').first().textContent()).toContain('vzdump-lxc-');
    await screenshot(page, 'backups-container-desktop');
  });

  it('restores the backup into a new VMID with new resources', async () => {
    await page.getByTestId('backup-archive').first().getByRole('button', { name: 'Restore' }).click();
    const dialog = page.getByRole('dialog');
    const vmid = dialog.getByRole('textbox', { name: 'New VMID' });
    await expect.poll(() => vmid.inputValue(), { timeout: 15_000 }).toMatch(/^\d+$/);
    const target = await vmid.inputValue();
    // A value PVE would refuse is named next to its field, and nothing is queued.
    await dialog.getByLabel('Memory (MiB)').fill('8');
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await dialog.getByText('At least 16 MiB.').waitFor({ timeout: 15_000 });
    await dialog.getByLabel('Memory (MiB)').fill('1024');
    await dialog.getByLabel('Cores').fill('2');
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await result(new RegExp(`^Restored the backup as CT ${target} `)).waitFor({ timeout: 60_000 });
    await page.goto(`/containers?q=${target}`);
    await page.locator(`tr[data-vmid="${target}"]`).waitFor({ timeout: 30_000 });
  });

  it('creates a nightly backup job with a preview of its next runs', async () => {
    await page.goto('/backups');
    await page.getByRole('heading', { name: 'Backups', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New backup job' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Schedule').fill('21:00');
    await dialog.getByTestId('schedule-preview').filter({ hasText: 'Every day at 21:00 (UTC)' }).waitFor();
    await dialog.getByRole('group', { name: 'Containers to back up' }).getByRole('checkbox').first().check();
    await dialog.getByLabel('Keep last').fill('7');
    await dialog.getByLabel('Comment').fill('nightly');
    await dialog.getByRole('button', { name: 'Create job' }).click();
    await result(/^Created backup job /).waitFor({ timeout: 60_000 });
    const job = page.getByTestId('backup-job').filter({ hasText: 'nightly' });
    await job.waitFor({ timeout: 30_000 });
    expect(await job.textContent()).toContain('Every day at 21:00 (UTC)');
    await screenshot(page, 'backups-desktop');
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('backup-job').filter({ hasText: 'nightly' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'backups-mobile');
  });
});
