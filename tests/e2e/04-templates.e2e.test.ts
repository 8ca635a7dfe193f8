import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { signedInAsAdmin } from './shared';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;

const BUILTINS = ['base', 'nginx-static', 'postgresql', 'redis', 'docker-host', 'nodejs-app'];

/** `steps[2].run` is missing and `timout` is a typo: the issue's own example. */
const INVALID = `apiVersion: kiln/v1
slug: e2e-broken
name: Broken
version: 1.0.0
description: A template with mistakes.
icon: "🧪"
os: { distribution: debian, version: "12" }
steps:
  - id: install
    type: packages
    packages: [curl]
  - id: configure
    type: file
    path: /etc/e2e.conf
    content: hello
  - id: run-it
    type: script
    timout: 30
`;

const VALID = `apiVersion: kiln/v1
slug: e2e-hello
name: E2E hello page
version: 1.0.0
description: One static page served by a tiny web server.
icon: "🧪"
tags: [e2e]
os: { distribution: debian, version: "12" }
params:
  - name: greeting
    type: string
    default: Hello
steps:
  - id: page
    type: file
    path: /srv/index.html
    content: "<h1>{{ params.greeting | html }}</h1>"
`;

beforeAll(async () => {
  ({ browser, page } = await signedInAsAdmin(webUrl));
});

afterAll(async () => {
  await browser?.close();
});

const cards = () => page.getByRole('list', { name: 'Template catalogue' }).locator('[data-template]');

describe('the template catalogue', () => {
  it('shows the six built-ins, searchable and filterable by tag, at 1280 and 375 px', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.waitForURL(webUrl + '/templates');
    await cards().first().waitFor();
    const slugs = await cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-template')));
    for (const slug of BUILTINS) expect(slugs).toContain(slug);
    expect(await page.locator('[data-source="builtin"]').count()).toBe(6);
    await screenshot(page, 'templates-desktop');

    await page.getByLabel('Search templates').fill('redis');
    await page.waitForURL(/q=redis/);
    await expect.poll(() => page.locator('[data-template]').count(), { timeout: 30_000 }).toBe(1);
    await page.getByLabel('Search templates').fill('');
    await page.waitForURL(webUrl + '/templates');
    await page
      .getByRole('navigation', { name: 'Filter by tag' })
      .getByRole('link', { name: /^database/ })
      .click();
    await page.waitForURL(/tag=database/);
    await expect.poll(() => page.locator('[data-template]').count(), { timeout: 30_000 }).toBeLessThan(6);
    expect(await cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-template')))).toContain('postgresql');

    await page.setViewportSize(PHONE);
    await page.goto('/templates');
    await cards().first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'templates-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('opens a template: params, steps, healthcheck and a Deploy link to the wizard', async () => {
    await page.goto('/templates');
    await page
      .locator('[data-template="postgresql"]')
      .getByRole('link', { name: /PostgreSQL/ })
      .click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'Parameters' }).waitFor();
    expect(await page.locator('[data-param="db_password"]').textContent()).toContain('generated when empty');
    expect(await page.locator('[data-step]').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('link', { name: 'Deploy' }).getAttribute('href')).toBe(`/containers/new?template=${id}`);
    // Built-ins offer Clone, never Edit or Delete.
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await screenshot(page, 'template-page');

    // On a phone the page keeps to the screen width (scripts scroll inside their own box).
    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { name: 'Steps (5)' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);
  });
});

describe('import', () => {
  it('shows the path of every error in an invalid template', async () => {
    await page.goto('/templates');
    await page.getByRole('link', { name: 'Import' }).click();
    await page.waitForURL('**/templates/import');
    await page.getByLabel('Template', { exact: true }).fill(INVALID);
    await page.getByRole('button', { name: 'Import' }).click();
    const issues = page.getByTestId('template-issues');
    await issues.waitFor();
    const run = issues.locator('[data-path="steps[2].run"]');
    expect(await run.textContent()).toMatch(/steps\[2\]\.run: required\s*\(line 16, column 5\)/);
    expect(await issues.locator('[data-path="steps[2].timout"]').textContent()).toContain('unknown field');
    expect(page.url()).toMatch(/\/templates\/import$/);
    await screenshot(page, 'template-import-errors');

    // Fixing the text updates the list live.
    await page.getByLabel('Template', { exact: true }).fill(INVALID.replace('    timout: 30\n', '    run: echo ok\n'));
    await page.getByText('The template is valid now.').waitFor();
  });

  it('imports a valid template as one of mine', async () => {
    await page.goto('/templates/import');
    await page.getByLabel('Template', { exact: true }).fill(VALID);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'E2E hello page' }).waitFor();
    await page.getByText('Mine', { exact: true }).waitFor();
    await page.goto('/templates?source=mine');
    await cards().first().waitFor();
    expect(await cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-template')))).toEqual(['e2e-hello']);
  });
});

describe('clone and edit', () => {
  it('clones a built-in, shows an editor error at its path, and saves the fix', async () => {
    await page.goto('/templates?q=redis');
    await page.locator('[data-template="redis"]').getByRole('link', { name: /Redis/ }).click();
    await page.getByRole('button', { name: 'Clone' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Slug').inputValue()).toBe('redis-copy');
    await dialog.getByLabel('Start at 1.0.0').check();
    await dialog.getByRole('button', { name: 'Clone and edit' }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { name: 'Steps', exact: true }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);

    const firstScript = page
      .locator('li[data-step-index]')
      .filter({ has: page.getByLabel('Script') })
      .first();
    const index = await firstScript.getAttribute('data-step-index');
    await firstScript.getByLabel('Script').fill('');
    await page.getByText(`steps[${index}].run: must not be empty`).waitFor();
    await screenshot(page, 'template-editor-error');
    await page.getByRole('button', { name: 'Save' }).click();
    // Nothing is saved while a problem is left.
    await page.getByText(/1 problem to fix before saving/).waitFor();
    expect(page.url()).toMatch(/\/edit$/);

    await firstScript.getByLabel('Script').fill('echo configured');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Redis.*\(copy\)/ }).waitFor();
    expect(
      await page
        .getByLabel(/^Script of /)
        .first()
        .textContent(),
    ).toContain('echo configured');
  });
});
