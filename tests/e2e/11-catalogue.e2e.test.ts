/**
 * Issue 14 end to end: an admin adds the fixture source in the helper scripts' layout (served over
 * loopback git), syncs it, searches the catalogue, opens an app, reads its script and provenance,
 * deploys it through the wizard and follows the creation as far as it gets in the simulator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { serveGitFixture, type GitFixture } from '../helpers/git-fixture';
import { signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
let fixture: GitFixture;
/** The commit the sync reads (the fixture's head). */
let head: string;
const SOURCE = 'E2E helper scripts';

beforeAll(async () => {
  fixture = await serveGitFixture();
  head = fixture.commit('e2e');
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

const cards = () => page.getByRole('list', { name: 'Template catalogue' }).locator('[data-template]');
const slugs = () => cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-template')));
const noSideScroll = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

describe('a helper-scripts source in the catalogue', () => {
  it('an admin adds the fixture source and syncs it', async () => {
    await page.goto('/settings/catalogue');
    await page.getByRole('button', { name: 'Add source' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(SOURCE);
    await dialog.getByLabel('Git repository URL').fill(fixture.url);
    await dialog.getByLabel('Sync', { exact: true }).selectOption('');
    await dialog.getByRole('button', { name: 'Add source' }).click();
    const card = page.getByRole('article', { name: SOURCE });
    await card.waitFor();
    await card.getByRole('button', { name: 'Sync now' }).click();
    // Three apps become templates; the prompting one, the VM and the malformed file are listed.
    await card.getByText('synced with problems').waitFor({ timeout: 90_000 });
    expect(await card.textContent()).toContain('3 versions');
    expect(await card.textContent()).toContain('2 not deployable');
    await screenshot(page, 'catalogue-source-synced');
  });

  it('searches and filters the catalogue on the server, all in the URL, at 1280 and 375 px', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.waitForURL(webUrl + '/templates');
    await cards().first().waitFor();

    // Only the fixture's hello-web says "fixture" in its description (from its metadata file).
    await page.getByLabel('Search templates').fill('fixture');
    await page.waitForURL(/q=fixture/);
    await expect.poll(slugs, { timeout: 30_000 }).toEqual(['hello-web']);
    await page.getByLabel('Search templates').fill('');
    await page.waitForURL(webUrl + '/templates');

    // Three templates and the two apps listed as not deployable (each with its reason on the card).
    await page.getByLabel('Source').selectOption({ label: `${SOURCE} (5)` });
    await page.waitForURL(/source=[0-9a-f-]{36}/);
    await expect.poll(async () => (await slugs()).sort(), { timeout: 30_000 }).toEqual(['alpine-note', 'asker', 'half-way', 'hello-web', 'tiny-vm']);
    expect(await page.locator('[data-template="asker"]').textContent()).toMatch(/Not deployable: the install script asks a question with read -p/);
    await page.getByLabel('OS').selectOption('alpine');
    await page.waitForURL(/os=alpine/);
    await expect.poll(slugs, { timeout: 30_000 }).toEqual(['alpine-note']);
    await screenshot(page, 'catalogue-filtered');

    // The same URL on a phone: the filters wrap, nothing scrolls sideways.
    const filtered = page.url();
    await page.setViewportSize(PHONE);
    await page.goto(filtered);
    await cards().first().waitFor();
    expect(await slugs()).toEqual(['alpine-note']);
    expect(await noSideScroll()).toBeLessThanOrEqual(0);
    await screenshot(page, 'catalogue-filtered-phone');
    await page.setViewportSize(DESKTOP);

    // Nothing matches: the empty state says so and offers the way back.
    await page.goto('/templates?q=no-such-app-anywhere');
    await page.getByRole('heading', { name: 'No template matches' }).waitFor();
    await page.getByRole('link', { name: 'Clear the filters' }).click();
    await page.waitForURL(webUrl + '/templates');
    await cards().first().waitFor();
  });

  it('opens an app: its defaults, port, credentials, notes, provenance and the exact script', async () => {
    await page.goto('/templates?q=hello+web');
    await page.locator('[data-template="hello-web"]').getByRole('link', { name: 'Hello Web' }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);

    const app = page.getByRole('region', { name: 'App', exact: true });
    expect(await app.locator('[data-deployable]').getAttribute('data-deployable')).toBe('yes');
    const appText = await app.textContent();
    expect(appText).toContain('port 8080');
    expect(appText).toContain('admin / hello');
    expect(appText).toContain('Change the default page in /opt/hello-web.');

    const resources = await page.getByRole('region', { name: 'OS and resources', exact: true }).textContent();
    expect(resources).toMatch(/debian 12/);
    expect(resources).toMatch(/256 MiB/);
    expect(resources).toMatch(/unprivileged/);

    const source = await page.getByRole('region', { name: 'Source', exact: true }).textContent();
    expect(source).toContain(fixture.url);
    expect(source).toContain('ct/hello-web.sh');
    expect(source).toContain('install/helloweb-install.sh');
    expect(source).toContain(head);
    expect(source).toMatch(/[0-9a-f]{64}/);

    // The script as text, byte for byte (its "{{" too), never run by the browser.
    const script = fs.readFileSync(path.join(fixture.dir, 'install/helloweb-install.sh'), 'utf8');
    expect(await page.getByLabel('Install script install/helloweb-install.sh').textContent()).toBe(script);
    await screenshot(page, 'catalogue-app');

    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { name: 'Install script' }).waitFor();
    expect(await noSideScroll()).toBeLessThanOrEqual(0);
    await screenshot(page, 'catalogue-app-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('deploys it through the wizard and follows the creation as far as it gets', { timeout: 420_000 }, async () => {
    await page.getByRole('link', { name: 'Deploy' }).click();
    await page.waitForURL(/\/containers\/new\?template=/);
    await page.getByRole('heading', { name: 'Node' }).waitFor();
    await expect(page.getByRole('radio', { name: /demo/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    expect(await page.getByLabel('Host name').inputValue()).toBe('hello-web');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Storage for the root disk').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click(); // network: DHCP defaults
    await page.getByRole('button', { name: 'Next', exact: true }).click(); // settings: the time zone param
    await page.getByTestId('review').waitFor();
    await page.getByRole('button', { name: 'Create container' }).click();

    await page.waitForURL(/\/containers\/creations\//, { timeout: 30_000 });
    await page.getByRole('list', { name: 'Provisioning steps' }).waitFor();
    // The upstream install script runs for real inside the simulated container.
    await page.locator('[data-step="step:install"][data-state="done"]').waitFor({ timeout: 240_000 });
    await page.locator('[data-lifecycle="ready"], [data-lifecycle="error"]').waitFor({ timeout: 240_000 });
    // The daemon really runs in the simulated container and its TCP healthcheck passes.
    expect(await page.locator('[data-lifecycle]').getAttribute('data-lifecycle')).toBe('ready');
    expect(await page.locator('[data-step="healthcheck"]').getAttribute('data-state')).toBe('done');
    expect(await page.getByTestId('post-install').textContent()).toMatch(/http:\/\/\d+\.\d+\.\d+\.\d+:8080\//);
    await screenshot(page, 'catalogue-deploy');
  });
});
