import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

// What every spec does with a screen: open it, sign in, check it with axe and keep a picture of it.
// ADMIN_SCREENSHOTS=../docs/admin refreshes the pictures docs/admin.md shows.
const SHOTS = resolve(import.meta.dirname, '..', process.env.ADMIN_SCREENSHOTS ?? 'test-results/screenshots');
mkdirSync(SHOTS, { recursive: true });

/** An address on the admin listener global-setup started. */
export const url = (path: string) => `${process.env.ADMIN_BASE_URL}${path}`;

/** Zero axe violations on the screen as it is now (WCAG 2.1 A/AA and best practices). */
export async function checkA11y(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(found, `axe on ${screen}`).toEqual([]);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Signs in through the sign-in screen and waits for the home screen (the server hashes the password: allow time). */
export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(url('/admin/'));
  await expect(page.getByRole('heading', { name: 'Bitwreckers admin' })).toBeVisible();
  await page.getByLabel('E-mail address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible({ timeout: 20_000 });
}
