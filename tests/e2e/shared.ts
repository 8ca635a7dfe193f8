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
