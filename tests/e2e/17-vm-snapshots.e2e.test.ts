import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeDb, getDb } from '@kiln/db';
import { closePveClients } from '@kiln/services';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { registerSimNode } from '../helpers/provisioning';
import { startTestSim, type Simulator } from '../helpers/sim';
import { ADMIN, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
/** A second cluster with a running VM: the demo cluster has containers only. */
let vmLab: Simulator;
let vmUrl: string;
const SNAP = `vm-${Date.now().toString(36)}`;

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
  vmLab = await startTestSim({ clusterName: 'vm-snap-lab', nodes: ['pve8'], seed: 0 });
  const vmid = vmLab.addVm({ node: 'pve8', name: 'snap-e2e-vm' });
  vmLab.broadcastStatus();
  const admin = await getDb().user.findUniqueOrThrow({ where: { username: ADMIN.username } });
  const node = await registerSimNode(admin, vmLab, { name: 'vm-snap-lab' });
  vmUrl = `/containers/${node.id}/${vmid}`;
});

afterAll(async () => {
  await browser?.close();
  await closePveClients();
  await vmLab?.close();
  await closeDb();
});

const notice = (text: RegExp) => page.locator('[data-testid="snapshot-notice"]', { hasText: text });
const tabs = () => page.getByRole('navigation', { name: 'VM sections' });

/** Opens the VM page, reloading until the worker's poll has seen the new cluster's VM. */
async function openVm(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(vmUrl);
    if ((await tabs().count()) > 0 || Date.now() > deadline) break;
    await page.waitForTimeout(1_000);
  }
  await tabs().waitFor();
}

describe('snapshots of a VM', () => {
  it('opens the Snapshots tab of the VM page', async () => {
    await openVm();
    await tabs().getByRole('link', { name: 'Snapshots' }).click();
    await page.waitForURL(/tab=snapshots/);
    await page.locator('[data-snapshot="NOW"]').waitFor({ timeout: 30_000 });
  });

  it('takes a snapshot with the RAM and lists it', async () => {
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(SNAP);
    await dialog.getByLabel('Description (optional)').fill('before the upgrade');
    const ram = dialog.getByLabel('Include the RAM (a rollback resumes the VM where it was)');
    await ram.check();
    await dialog.getByRole('button', { name: 'Take snapshot' }).click();
    await notice(new RegExp(`^Snapshot ${SNAP} \\(with RAM\\) taken of snap-e2e-vm`)).waitFor({ timeout: 60_000 });
    const row = page.locator(`[data-snapshot="${SNAP}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('before the upgrade');
    await screenshot(page, 'vm-snapshots-desktop');
  });

  it('edits the snapshot’s description', async () => {
    await page.getByRole('button', { name: `Edit the description of ${SNAP}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Description').inputValue()).toBe('before the upgrade');
    await dialog.getByLabel('Description').fill('known good VM');
    await dialog.getByRole('button', { name: 'Save description' }).click();
    await notice(new RegExp(`^Saved the description of snapshot ${SNAP} of snap-e2e-vm`)).waitFor({ timeout: 60_000 });
    await page.locator(`[data-snapshot="${SNAP}"]`, { hasText: 'known good VM' }).waitFor();
  });

  it('rolls back after confirming', async () => {
    await page.getByRole('button', { name: `Roll back to ${SNAP}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Everything the VM changed on its disks since the snapshot is discarded', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await notice(new RegExp(`^Rolled snap-e2e-vm back to ${SNAP}`)).waitFor({ timeout: 60_000 });
    // the snapshot holds the RAM: the VM runs again where it was
    await page.locator('[data-snapshot="NOW"]', { hasText: 'Running' }).waitFor({ timeout: 30_000 });
  });

  it('is usable on a phone (375 px): the tabs fit and switch, nothing wider than the screen', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.locator(`[data-snapshot="${SNAP}"]`).waitFor({ timeout: 30_000 });
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    for (const name of ['Overview', 'Backups', 'Snapshots']) {
      const link = tabs().getByRole('link', { name });
      await link.scrollIntoViewIfNeeded();
      const box = await link.boundingBox();
      expect(box, name).not.toBeNull();
      // a thumb can hit it: on screen and at least 24 px high
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width + 0.5);
      expect(box!.height).toBeGreaterThanOrEqual(24);
    }
    await tabs().getByRole('link', { name: 'Backups' }).click();
    await page.waitForURL(/tab=backups/);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await tabs().getByRole('link', { name: 'Snapshots' }).click();
    await page.waitForURL(/tab=snapshots/);
    await page.locator(`[data-snapshot="${SNAP}"]`).waitFor({ timeout: 30_000 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'vm-snapshots-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('deletes the snapshot after confirming', async () => {
    await page.getByRole('button', { name: `Delete snapshot ${SNAP}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete snapshot' }).click();
    await notice(new RegExp(`^Deleted snapshot ${SNAP} of snap-e2e-vm`)).waitFor({ timeout: 60_000 });
    expect(await page.locator(`[data-snapshot="${SNAP}"]`).count()).toBe(0);
  });
});
