// Drives the machine's Chromium through the admin app's content list and prints how long each step takes to show its
// rows (p50 and p95 over RUNS runs). Started by bench/admin-list.sh, which seeds the documents and the account.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(resolve(import.meta.dirname, '..', 'admin-ui', 'package.json'));
const { chromium } = require('playwright-core');

const base = process.env.ADMIN_URL;
const runs = Number(process.env.RUNS ?? 10);
const listPath = '/admin/content/project?page=1&pageSize=25';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
/** A new browser context, signed in through the sign-in screen, with its HTTP cache emptied afterwards. */
async function signedIn() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/admin/`);
  await page.getByLabel('E-mail address').fill(process.env.BENCH_EMAIL);
  await page.getByLabel('Password').fill(process.env.BENCH_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor({ timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  return { context, page };
}

/** Rows shown and nothing being fetched: what a person sees as "loaded". */
async function settled(p, caption) {
  const table = p.locator('table.list');
  await table.locator('tbody tr').first().waitFor();
  await p.waitForFunction(
    (text) => {
      const t = document.querySelector('table.list');
      return t && t.getAttribute('aria-busy') === 'false' && (!text || t.querySelector('caption')?.textContent?.includes(text));
    },
    caption,
  );
}

async function timed(step) {
  const start = performance.now();
  await step();
  return performance.now() - start;
}

const steps = { 'first load (empty cache, signed in)': [], 'next page': [], 'sort by title': [], 'search "northwind"': [] };
for (let i = 0; i < runs; i++) {
  const { context, page: p } = await signedIn();
  steps['first load (empty cache, signed in)'].push(await timed(async () => {
    await p.goto(`${base}${listPath}`);
    await settled(p, 'page 1 of');
  }));
  steps['next page'].push(await timed(async () => {
    await p.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next' }).click();
    await settled(p, 'page 2 of');
  }));
  steps['sort by title'].push(await timed(async () => {
    await p.locator('th button.sort').nth(1).click();
    await p.waitForURL(/sort=/);
    await settled(p);
  }));
  steps['search "northwind"'].push(await timed(async () => {
    await p.locator('#list-search').fill('northwind');
    await p.locator('#list-search').press('Enter');
    await p.waitForURL(/northwind/);
    await settled(p);
  }));
  await context.close();
}
await browser.close();

const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
console.log(`| list view step (${runs} runs) | p50 ms | p95 ms |`);
console.log('| --- | --- | --- |');
for (const [name, times] of Object.entries(steps)) {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`| ${name} | ${pick(sorted, 0.5).toFixed(0)} | ${pick(sorted, 0.95).toFixed(0)} |`);
}
