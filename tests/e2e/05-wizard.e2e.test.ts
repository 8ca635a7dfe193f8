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

describe('creating a container with the wizard', () => {
  it('goes catalogue → template → wizard (node, identity, resources, network, settings, review) → create → ready', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.waitForURL(webUrl + '/templates');
    await page.getByRole('link', { name: 'Static website (nginx)' }).first().click();
    await page.waitForURL(/\/templates\/[0-9a-f-]+$/);
    await page.getByRole('link', { name: 'Deploy' }).click();
    await page.waitForURL(/\/containers\/new\?template=/);
    // The template is chosen and the demo node, the default, is preselected.
    await page.getByRole('heading', { name: 'Node' }).waitFor();
    await expect(page.getByRole('radio', { name: /demo/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Deploy from the template page pre-fills the host name, like picking the template in the wizard.
    expect(await page.getByLabel('Host name').inputValue()).toBe('nginx-static');
    await page.getByLabel('Host name').fill('Bad_Name!');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(/RFC 1123/).waitFor();
    await page.getByLabel('Host name').fill('web-e2e');
    await page.getByRole('radio', { name: 'Choose' }).click();
    await page.getByLabel('VMID').fill('100');
    await page.getByText(/VMID 100 is taken by/).waitFor();
    await page.getByRole('button', { name: 'Use next free' }).click();
    await page.getByText(/is free\./).waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByLabel('Storage for the root disk').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click(); // network: DHCP defaults
    await page.getByRole('button', { name: 'Next', exact: true }).click(); // settings: template defaults

    const review = page.getByTestId('review');
    await review.waitFor();
    expect(await review.textContent()).toMatch(/POST \/nodes\/pve1\/lxc/);
    await screenshot(page, 'wizard-review');
    await page.getByRole('button', { name: 'Create container' }).click();

    await page.waitForURL(/\/containers\/creations\//, { timeout: 30_000 });
    await page.getByRole('list', { name: 'Provisioning steps' }).waitFor();
    await page.locator('[data-lifecycle="ready"]').waitFor({ timeout: 120_000 });
    const note = page.getByTestId('post-install');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/http:\/\/\d+\.\d+\.\d+\.\d+/);
    expect(await page.locator('[data-step][data-state="done"]').count()).toBeGreaterThan(6);
    await screenshot(page, 'creation-ready');

    // Its page shows the host name at once, not PVE's "CT<vmid>" placeholder of the last poll.
    await page.getByRole('link', { name: 'Container page' }).click();
    await page.waitForURL(/\/containers\/[0-9a-f-]{36}\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('web-e2e');
  });

  it('keeps the active step in view on a phone, up to the review', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/containers/new');
    await page
      .getByRole('radio', { name: /Static website/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Node' }).waitFor();
    // Node → identity → resources → network → settings → review, five times Next.
    for (let n = 2; n <= 6; n++) {
      await page
        .getByTestId('wizard-position')
        .filter({ hasText: `Step ${n} of 7` })
        .waitFor({ timeout: 30_000 });
      if (n === 4) await page.getByLabel('Storage for the root disk').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Next', exact: true }).click();
    }
    await page.getByTestId('review').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('wizard-position').textContent()).toBe('Step 7 of 7');
    const active = page.locator('nav[aria-label="Wizard steps"] [aria-current="step"]');
    await page.waitForTimeout(600); // the smooth scroll
    const box = await active.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'wizard-review-phone');
    await page.setViewportSize(DESKTOP);
  });
});
