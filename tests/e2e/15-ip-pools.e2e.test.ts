import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeDb, getDb } from '@kiln/db';
import { closePveClients } from '@kiln/services';
import { screenshot } from '../helpers/browser';
import { registerSimNode } from '../helpers/provisioning';
import { startTestSim, type Simulator } from '../helpers/sim';
import { ADMIN, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
/** A second cluster with a VM: the demo cluster has containers only. */
let vmLab: Simulator;

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
  vmLab = await startTestSim({ clusterName: 'vm-lab', nodes: ['pve7'], seed: 0 });
  vmLab.addVm({ node: 'pve7', name: 'nas-e2e-vm', ips: ['10.10.88.7/24'] });
  vmLab.broadcastStatus();
  const admin = await getDb().user.findUniqueOrThrow({ where: { username: ADMIN.username } });
  await registerSimNode(admin, vmLab, { name: 'vm-lab' });
});

afterAll(async () => {
  await browser?.close();
  await closePveClients();
  await vmLab?.close();
  await closeDb();
});

/** Reloads the containers table with `q` until `ready` holds (the worker's polls come every few seconds). */
async function searchUntil(q: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(`/containers?q=${encodeURIComponent(q)}`);
    await page.locator('main').waitFor();
    if ((await ready()) || Date.now() > deadline) return;
    await page.waitForTimeout(1_000);
  }
}

describe('IP pools', () => {
  it('adds a pool in Settings → IP pools, with the error next to a gateway outside the subnet', async () => {
    await page.goto('/settings');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'IP pools' }).click();
    await page.waitForURL(webUrl + '/settings/ip-pools');
    await page.getByRole('button', { name: 'Add pool' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('e2e-pool');
    await dialog.getByLabel('Subnet').fill('10.10.77.0/24');
    await dialog.getByLabel('Range start (optional)').fill('10.10.77.10');
    await dialog.getByLabel('Range end (optional)').fill('10.10.77.50');
    await dialog.getByLabel('Gateway (optional)').fill('10.10.78.1');
    await dialog.getByRole('button', { name: 'Add pool' }).click();
    await dialog.getByText('The gateway must be a host address inside 10.10.77.0/24.').waitFor();
    await dialog.getByLabel('Gateway (optional)').fill('10.10.77.1');
    await dialog.getByRole('button', { name: 'Add pool' }).click();
    await dialog.waitFor({ state: 'detached' });
    const pool = page.locator('[data-pool="e2e-pool"]');
    await pool.waitFor();
    expect(await pool.getByTestId('pool-usage').textContent()).toBe('0 used · 41 free of 41');
    await screenshot(page, 'ip-pools');
  });

  it('creates a container with the next free address of the pool from the wizard', async () => {
    await page.goto('/containers/new');
    await page
      .getByRole('radio', { name: /Static website/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Node' }).waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Host name').fill('pool-e2e');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Storage for the root disk').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByRole('radio', { name: 'Next free address from a pool' }).click();
    await page.getByLabel('Pool').locator('option', { hasText: 'e2e-pool (10.10.77.0/24)' }).waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByText('10.10.77.0/24, gateway 10.10.77.1').waitFor();
    await screenshot(page, 'wizard-pool');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const review = page.getByTestId('review');
    await review.waitFor({ timeout: 30_000 });
    expect(await review.textContent()).toContain('next free address of e2e-pool');
    await page.getByRole('button', { name: 'Create container' }).click();
    await page.waitForURL(/\/containers\/creations\//, { timeout: 30_000 });
    await page.locator('[data-lifecycle="ready"]').waitFor({ timeout: 120_000 });

    await page.goto('/settings/ip-pools');
    const pool = page.locator('[data-pool="e2e-pool"]');
    expect(await pool.getByTestId('pool-usage').textContent()).toBe('1 used · 40 free of 41');
    expect(await pool.locator('tr[data-address="10.10.77.10"]').textContent()).toContain('pool-e2e');
  });

  it('finds it with ip:10.10. in the containers table, and type:vm shows the VMs only', async () => {
    const row = page.locator('tr[data-vmid]', { hasText: 'pool-e2e' });
    await searchUntil('ip:10.10.77.', async () => (await row.count()) > 0 && (await row.textContent())!.includes('10.10.77.10'));
    expect(await row.textContent()).toContain('10.10.77.10');

    const vm = page.locator('tr[data-vmid]', { hasText: 'nas-e2e-vm' });
    await searchUntil('ip:10.10.', async () => (await vm.count()) > 0 && (await row.count()) > 0);
    expect(await vm.count()).toBe(1);
    expect(await row.count()).toBe(1);

    await searchUntil('type:vm', async () => (await vm.count()) > 0);
    const rows = page.locator('tr[data-vmid]');
    expect(await rows.count()).toBe(1);
    expect(await vm.textContent()).toContain('10.10.88.7');
    expect(await row.count()).toBe(0);
    await screenshot(page, 'containers-type-vm');
  });
});
