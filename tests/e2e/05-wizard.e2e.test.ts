import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
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
  });
});
