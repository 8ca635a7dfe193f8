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
export function openRunningContainer(page: Page, node = 'pve1', which: 'first' | 'second' = 'first'): Promise<string> {
  return openFirstContainer(page, `node%3A${node}%20status%3Arunning`, which);
}

/** Opens the first container on `node` (any state) and one of its tabs, as a user clicks there. */
export async function openContainerTab(page: Page, tab: string, node = 'pve1'): Promise<string> {
  const name = await openFirstContainer(page, `node%3A${node}`);
  await page.getByRole('navigation', { name: 'Container sections' }).getByRole('link', { name: tab }).click();
  await page.waitForURL(new RegExp(`[?&]tab=${tab.toLowerCase()}$`));
  return name;
}

/** `second`: the second row (the demo seeds three running containers per node), one the specs that take the first have not touched. */
async function openFirstContainer(page: Page, query: string, which: 'first' | 'second' = 'first'): Promise<string> {
  await page.goto(`/containers?q=${query}`);
  await page.locator('tr[data-vmid]').first().waitFor();
  const row = page.locator('tr[data-vmid]').nth(which === 'first' ? 0 : 1);
  await row.waitFor();
  const name = (await row.getByRole('link').first().textContent())!.trim();
  await row.getByRole('link', { name }).click();
  await page.waitForURL(/\/containers\/[0-9a-f-]{36}\/\d+$/);
  return name;
}
