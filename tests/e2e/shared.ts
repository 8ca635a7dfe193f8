import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser } from '../helpers/browser';

/** The admin account the first e2e file creates through the setup page; later files sign in with it. */
export const ADMIN = { username: 'admin', password: 'a long admin passphrase' };

/** A desktop-sized browser page signed in as ADMIN, on the dashboard. */
export async function signedInAsAdmin(webUrl: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: DESKTOP, baseURL: webUrl })).newPage();
  await page.goto('/login');
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(webUrl + '/');
  return { browser, page };
}

/** Opens the page of the first running container on `node` from the containers table; returns its name. */
export async function openRunningContainer(page: Page, node = 'pve1'): Promise<string> {
  await page.goto(`/containers?q=node%3A${node}%20status%3Arunning`);
  const row = page.locator('tr[data-vmid]').first();
  await row.waitFor();
  const name = (await row.getByRole('link').first().textContent())!.trim();
  await row.getByRole('link', { name }).click();
  await page.waitForURL(/\/containers\/[0-9a-f-]{36}\/\d+$/);
  return name;
}
