import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, screenshot } from '../helpers/browser';
import { ADMIN } from './shared';

const webUrl = inject('webUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: DESKTOP, baseURL: webUrl });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('first run, sign-in and navigation', () => {
  it('sends a fresh install to the setup page and validates the fields', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    await expect(page.getByRole('heading', { name: 'Welcome to Kiln' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('Admin username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Repeat password').fill('different');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect(page.getByText('Use at least 12 characters.').isVisible()).resolves.toBe(true);
    await expect(page.getByText('The passwords do not match.').isVisible()).resolves.toBe(true);
  });

  it('creates the admin account and lands on the dashboard', async () => {
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Repeat password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL(webUrl + '/');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const shot = await screenshot(page, 'dashboard-desktop');
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });

  it('navigates every section from the sidebar', async () => {
    for (const [link, heading, url] of [
      ['Templates', 'Templates', '/templates'],
      ['Containers', 'Containers', '/containers'],
      ['Operations', 'Operations', '/operations'],
      ['Settings', 'Settings', '/settings/nodes'],
      ['Dashboard', 'Dashboard', '/'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await page.waitForURL(webUrl + url);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    }
  });

  it('shows a 404 page for unknown addresses', async () => {
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto('/');
  });

  it('works at phone width with the navigation drawer', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const shot = await screenshot(page, 'dashboard-phone');
    expect(existsSync(shot)).toBe(true);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('dialog').getByRole('link', { name: 'Containers' }).click();
    await page.waitForURL(webUrl + '/containers');
    await page.setViewportSize(DESKTOP);
  });

  it('signs out from the user menu and back in, returning to the page it was on', async () => {
    await page.goto('/settings/audit?action=auth.');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/login?next=*');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings/audit?action=auth.');
    await page.goto('/containers?q=status%3Arunning');
    await page.waitForURL('**/login?next=*');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/containers?q=status%3Arunning');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid username or password.').waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(webUrl + '/containers?q=status%3Arunning');
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
  });

  it('never follows next= off the site', async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP, baseURL: webUrl });
    const other = await ctx.newPage();
    await other.goto('/login?next=%2F%2Fevil.example%2F');
    await other.getByLabel('Username').fill(ADMIN.username);
    await other.getByLabel('Password').fill(ADMIN.password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.waitForURL(webUrl + '/');
    await ctx.close();
  });
});
