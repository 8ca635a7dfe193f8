import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpCode } from '@kiln/auth';
import { closeDb } from '@kiln/db';
import { DESKTOP, PHONE, launchBrowser, screenshot } from '../helpers/browser';
import { makeUser } from '../helpers/users';

const webUrl = inject('webUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await closeDb();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, baseURL: webUrl });
  return { context, page: await context.newPage() };
}

async function passwordStep(page: Page, u: { username: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(u.username);
  await page.getByLabel('Password').fill(u.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function atDashboard(page: Page) {
  await page.waitForURL(webUrl + '/');
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
  await page.waitForURL(/\/login(\?|$)/);
}

describe('passkeys (virtual authenticator)', () => {
  it('registers a passkey, then signs in with it after the password and without one', async () => {
    const u = await makeUser();
    const { context, page } = await newPage();
    // A platform authenticator that holds discoverable keys and verifies the user, through CDP.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await passwordStep(page, u);
    await atDashboard(page);
    await page.goto('/settings/account');
    await page.getByLabel('Passkey name').fill('Virtual key');
    await page.getByRole('button', { name: 'Add passkey' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await page.getByRole('button', { name: 'I saved them' }).click();
    await page.getByRole('list', { name: 'Passkeys' }).getByText('Virtual key').waitFor();
    await screenshot(page, 'account-two-factor');

    await signOut(page);
    await passwordStep(page, u);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey', exact: true }).click();
    await atDashboard(page);

    await signOut(page);
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await atDashboard(page);

    // Removing it asks for the password again; a wrong one is shown at the field and keeps the key.
    await page.goto('/settings/account');
    const passkeys = page.getByRole('list', { name: 'Passkeys' });
    await passkeys.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Your password').fill('not my password');
    await dialog.getByRole('button', { name: 'Delete passkey' }).click();
    await dialog.getByText('This is not your current password.').waitFor();
    await dialog.getByLabel('Your password').fill(u.password);
    await dialog.getByRole('button', { name: 'Delete passkey' }).click();
    await page.getByText('No passkeys yet.').waitFor();

    await context.close();
  });
});

describe('authenticator app (TOTP)', () => {
  it('enrols with a code computed from the shown secret, then signs in with the next code', async () => {
    const u = await makeUser();
    const { context, page } = await newPage();
    await passwordStep(page, u);
    await atDashboard(page);
    await page.goto('/settings/account');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Code from the app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I saved them' }).click();

    await signOut(page);
    await passwordStep(page, u);
    await page.getByLabel('Authentication code').fill('123456');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code did not work.').waitFor();
    // The code of the next 30-second step: the one used for enrolment cannot be replayed.
    await page.getByLabel('Authentication code').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await atDashboard(page);

    // Sessions and sign-in methods fit a phone.
    await page.setViewportSize(PHONE);
    await page.goto('/settings/account');
    await page.getByRole('list', { name: 'Sessions' }).getByText('This session').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'account-phone');
    await context.close();
  });
});
