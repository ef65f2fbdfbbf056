// Signs a browser page in to the console through the login page's forms, as a person would (labels and buttons by name).
import type { Page } from 'playwright-core';

/** Opens /console/ (which sends a browser without a session to the login page) and signs in with a token. */
export async function signInWithToken(page: Page, apiUrl: string, token: string): Promise<void> {
  await page.goto(`${apiUrl}/console/`);
  await page.getByRole('textbox', { name: /^Token/ }).fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** The same with an account's user name and password, by keyboard only: Tab to the user name, Tab, Enter to submit. */
export async function signInWithPassword(page: Page, apiUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${apiUrl}/console/`);
  await page.keyboard.press('Tab');
  if (!(await page.getByLabel('User name').evaluate((input) => input === input.ownerDocument.activeElement))) {
    throw new Error('the first Tab on the login page does not reach the user name');
  }
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}
