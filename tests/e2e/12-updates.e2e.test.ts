// Updates (issue 15) as a user sees them: a newer package published into the demo simulator's
// repository shows in the containers table after Check now; the user runs an OS update from the
// Update card and sees it succeed; an upgrade that fails half-way is rolled back, and the
// container's timeline says so.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { packageRepository } from '@kiln/pve-sim/testing';
import { screenshot } from '../helpers/browser';
import { openRunningContainer, signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
const env = inject('testEnv');
// The demo simulator of this run (tests/setup/e2e.global.ts, scripts/lib/demo.ts: <dir>/sim).
const repo = packageRepository(path.join(env.KILN_DATA_DIR!, `run-${env.KILN_TEST_RUN_ID!}`, 'sim'));
let browser: Browser;
let page: Page;
let name = '';
let vmid = '';
let containerUrl = '';

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
  // cron is in every Debian container of the simulator.
  repo.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u1', security: true });
});

afterAll(async () => {
  repo.reset();
  await browser?.close();
});

const tab = (label: string) => page.getByRole('navigation', { name: 'Container sections' }).getByRole('link', { name: label });

async function runOsUpdate(): Promise<void> {
  await page.goto(containerUrl);
  await page.getByTestId('updates').getByRole('button', { name: 'Update', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('All OS packages (apt, apk or dnf)').check();
  await dialog.getByRole('radio', { name: /Snapshot first/ }).check();
  await dialog.getByRole('button', { name: 'Update', exact: true }).click();
}

describe('updates of a container', () => {
  it('shows the pending update in the containers table once checked', async () => {
    name = await openRunningContainer(page);
    containerUrl = new URL(page.url()).pathname;
    vmid = /\/(\d+)$/.exec(containerUrl)![1]!;
    await tab('Updates').click();
    await page.waitForURL(/tab=updates$/);
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.locator('[data-package="cron"]').waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-package="cron"]').textContent()).toContain('3.0pl1-162 → 3.0pl1-162+deb12u1');

    await page.goto(`/containers?q=${encodeURIComponent('updates:security')}`);
    const row = page.locator(`tr[data-vmid="${vmid}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/1 update.*1 security/);
    await screenshot(page, 'updates-table');
  });

  it('runs an OS update from the Update card and sees it succeed', async () => {
    await page.locator(`tr[data-vmid="${vmid}"]`).getByRole('link', { name }).click();
    await page.waitForURL(new RegExp(`${containerUrl}$`));
    await runOsUpdate();
    const result = page.getByTestId('update-result');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toMatch(new RegExp(`Updated ${name} \\(OS packages\\)\\. Snapshot kiln-pre-update-[\\d-]+ is kept for 7 days\\.`));
    // Kiln checks again right after the update: soon nothing is pending any more.
    await page.goto(`${containerUrl}?tab=updates`);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('up-to-date').count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
  });

  it('rolls a failing update back, and the timeline shows the rollback', async () => {
    repo.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u2', fail: { at: 'postinst' } });
    await runOsUpdate();
    const result = page.getByTestId('update-result');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toMatch(new RegExp(`The update failed.*Kiln rolled ${name} back to the snapshot kiln-pre-update-`));
    await tab('History').click();
    await page.waitForURL(/tab=history$/);
    // A container Kiln did not create keeps its timeline in the audit log: "update failed: … (rolled back)".
    await page
      .getByText(/^update failed: .* \(rolled back\)$/)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'updates-rollback-history');
  });
});
