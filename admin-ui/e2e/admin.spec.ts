import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { checkA11y, shot, signIn, url } from './screens';
import { ADMIN, EDITOR, loadState, psql } from './server';


test('an admin signs in, lists a type, meets a 422 at its fields, creates a document and keeps the session on reload', async ({
  page,
}) => {
  await page.goto(url('/admin/'));
  await expect(page.getByLabel('E-mail address')).toBeVisible();
  await checkA11y(page, 'sign-in');
  await shot(page, 'sign-in');

  await page.getByLabel('E-mail address').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong e-mail address or password');

  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible();
  await checkA11y(page, 'home');
  await shot(page, 'home');

  await nav.getByRole('link', { name: 'Content' }).click();
  await expect(page.getByRole('heading', { name: 'Content', level: 1 })).toBeVisible();
  await checkA11y(page, 'content types');
  await page.getByRole('link', { name: 'Event', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Event', level: 1 })).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  const seeded = (await rows.count()) - 1;
  expect(seeded).toBeGreaterThan(1);

  // sort, filter and paging live in the URL
  await page.getByRole('button', { name: /^Title/ }).click();
  await expect(page).toHaveURL(/sort=title/);
  await expect(page.getByRole('columnheader', { name: /^Title/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByLabel('Per page').selectOption('10');
  await expect(page).toHaveURL(/pageSize=10/);
  await checkA11y(page, 'content list');
  await shot(page, 'content-list');
  await page.getByLabel('Search Location').fill('no such place anywhere');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=no/);
  await expect(page.getByText('No documents match.')).toBeVisible();
  await page.getByLabel('Search Location').fill('');
  await page.getByRole('button', { name: 'Search' }).click();

  // the server's 422 lands at each field and in the summary
  await page.getByRole('link', { name: 'New Event' }).click();
  await expect(page.getByRole('heading', { name: 'New Event' })).toBeVisible();
  await page.getByLabel(/^Attendees limit/).fill('0');
  await page.getByRole('button', { name: 'Save draft' }).click();
  const summary = page.getByRole('alert').filter({ hasText: /problems/ });
  await expect(summary).toContainText('There are 6 problems');
  await expect(summary).toBeFocused();
  const title = page.getByRole('textbox', { name: /^Title/ });
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-field="title"]')).toContainText('is required');
  await expect(page.locator('[data-field="attendees_limit"]')).toContainText('must be at least 1');
  await checkA11y(page, 'edit with errors');
  await shot(page, 'content-edit-errors');
  await summary.getByRole('button', { name: /^Title/ }).click();
  await expect(title).toBeFocused();

  await title.fill('Admin UI launch party');
  await page.getByRole('textbox', { name: /^Description/ }).fill('Where the admin app is shown to the team.');
  await page.getByRole('button', { name: /Event type$/ }).click();
  await page.getByRole('option', { name: 'hackathon' }).click();
  await page.getByLabel(/^Date/).fill('2027-05-01T18:30');
  await page.getByRole('textbox', { name: /^Location/ }).fill('Bitwreckers Loft');
  await page.getByLabel(/^Attendees limit/).fill('40');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved version 1' })).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/content\/event\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Admin UI launch party' })).toBeVisible();
  await checkA11y(page, 'edit');
  await shot(page, 'content-edit');

  // a second save carries the version it started from and makes version 2
  await page.getByLabel(/^Attendees limit/).fill('45');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved version 2' })).toBeVisible();

  // the session survives a reload: the access token was only in memory, the refresh cookie brings a new one
  expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).toBe('{}{}');
  expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: scripts cannot read it
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Admin UI launch party' })).toBeVisible();
  await expect(page.getByLabel(/^Attendees limit/)).toHaveValue('45');

  // sign-out ends it: a reload shows the sign-in screen
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('E-mail address')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('E-mail address')).toBeVisible();
});

test('home shows what needs attention, each part only to the roles that may act on it', async ({ page }) => {
  // a project set to publish at noon today (UTC, the browser's zone in these tests)
  const { database } = loadState();
  const project = psql(
    "UPDATE documents SET publish_at = date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '12 hours'" +
      " WHERE id = (SELECT min(id) FROM documents WHERE type = 'project') RETURNING data->>'title'",
    database,
  ).trim();
  await signIn(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Needs attention' })).toBeVisible();
  const today = page.getByTestId('scheduled-today').getByRole('listitem');
  await expect(today.filter({ hasText: /12:00( PM)? publish/ }).getByRole('link', { name: project })).toBeVisible();
  await expect(page.getByTestId('dead-jobs')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('failed-mail')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('waiting').getByRole('link', { name: 'student application' })).toBeVisible();
  await checkA11y(page, 'home (admin)');
  await shot(page, 'home-attention');
  psql("UPDATE documents SET publish_at = NULL WHERE publish_at IS NOT NULL AND data->>'title' = '" + project.replace(/'/g, "''") + "'", database);
});

test('an editor does not see the Users screen', async ({ page }) => {
  await signIn(page, EDITOR);
  await expect(page.getByRole('heading', { name: 'Waiting for a decision' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dead jobs' })).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Content' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto(url('/admin/users'));
  await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
  await checkA11y(page, 'users (editor)');
  await shot(page, 'users-forbidden');
});

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** Page views sent the way the site's script sends them, then counted: the rollup job is run now and awaited. */
async function visit(pages: [string, string][]) {
  const { deliveryUrl, database } = loadState();
  const stored = () =>
    psql("SELECT count(*) FROM analytics_events e JOIN analytics_paths p ON p.id = e.path_id WHERE p.path LIKE '/e2e/%'", database).trim();
  const before = Number(stored());
  for (const [path, agent] of pages) {
    const sent = await fetch(`${deliveryUrl}/api/v1/collect`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'User-Agent': agent },
      body: JSON.stringify({ k: 'pageview', u: `http://localhost:3000${path}` }), // the site (FRONTEND_URL's default)
    });
    expect(sent.status).toBe(202);
  }
  // the first beacon loads the robot rules in the background, which takes a while on a busy machine
  await expect.poll(() => Number(stored()), { timeout: 90_000 }).toBe(before + pages.length);
  const rollups = "SELECT count(*) FROM jobs WHERE kind = 'analytics.rollup' AND status = 'done'";
  const done = Number(psql(rollups, database));
  psql("UPDATE recurring_jobs SET next_run_at = now() WHERE name = 'analytics-rollup'", database);
  await expect.poll(() => Number(psql(rollups, database)), { timeout: 30_000 }).toBeGreaterThan(done);
}

test('the analytics dashboard shows its panels for a chosen period and downloads a table as CSV', async ({ page }) => {
  test.setTimeout(180_000);
  await visit([
    ['/e2e/visited', FIREFOX],
    ['/e2e/visited', SAFARI],
    ['/e2e/other', FIREFOX],
  ]);
  await signIn(page, EDITOR); // editors read analytics: aggregates, no personal data
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
  await expect(page.getByTestId('stat-pageviews')).toHaveText(/^\d[\d,]*$/);
  await page.getByRole('combobox', { name: 'Period' }).selectOption('7d');
  await expect(page).toHaveURL(/period=7d/);
  await expect(page.getByRole('heading', { name: 'Top pages' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'CSV of Top pages' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('analytics-breakdown-7d.csv');
  // the funnels of every workflow download as one table
  const funnels = page.waitForEvent('download');
  await page.getByRole('button', { name: 'CSV of Applications' }).click();
  const funnelFile = await funnels;
  expect(readFileSync(await funnelFile.path(), 'utf8')).toMatch(/^type,state,reached,conversion,decision\r\n/);
  // this period's line and the period before's, on one chart
  const perDay = page.getByRole('region', { name: 'Page views per day' });
  await expect(perDay.getByRole('img', { name: /this period, .* the period before$/ })).toBeVisible();
  await expect(perDay.getByText('The period before', { exact: true })).toBeVisible();
  await checkA11y(page, 'analytics');
  await shot(page, 'analytics');

  // a page's row filters every visit panel to it; the filter sits in the URL and comes off again
  await page.getByRole('combobox', { name: 'Period' }).selectOption('today');
  const topPages = page.getByRole('region', { name: 'Top pages' });
  await topPages.getByRole('button', { name: /^\/e2e\/visited/ }).click();
  await expect(page).toHaveURL(/filter=/);
  const filters = page.getByRole('region', { name: 'Filters' });
  await expect(filters.getByText('Page: /e2e/visited')).toBeVisible();
  await expect(page.getByTestId('filtered-totals')).toHaveText('Filtered: 2 page views by 2 daily visitors.');
  const devices = page.getByRole('region', { name: 'Devices' });
  await devices.getByLabel('Devices: break down by').selectOption('browser');
  await expect(devices.getByRole('button', { name: /^Firefox/ })).toBeVisible();
  await expect(devices.getByRole('button', { name: /^Safari/ })).toBeVisible();
  await expect(topPages.getByRole('button', { name: /^\/e2e\/other/ })).toHaveCount(0);
  await checkA11y(page, 'analytics, filtered');
  await shot(page, 'analytics-filtered');
  await filters.getByRole('button', { name: 'Remove the filter Page: /e2e/visited' }).click();
  await expect(page.getByRole('region', { name: 'Filters' })).toHaveCount(0);
  await expect(topPages.getByRole('button', { name: /^\/e2e\/other/ })).toBeVisible();

  // each document's own views sit beside its fields
  const project = psql("SELECT id FROM documents WHERE type = 'project' ORDER BY id LIMIT 1", loadState().database).trim();
  await page.goto(url(`/admin/content/project/${project}`));
  await expect(page.getByRole('heading', { name: 'Views, last 30 days' })).toBeVisible();
  await expect(page.getByTestId('document-views-total')).toHaveText(/^\d[\d,]*$/);
  await checkA11y(page, 'document views');
});

test('an admin sees the Users screen', async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('cell', { name: EDITOR.email })).toBeVisible();
  await checkA11y(page, 'users');
  await shot(page, 'users');

  // past the first 50 matches: the page sits in the URL with the search
  psql(
    "INSERT INTO users (email, full_name, role) SELECT 'paged' || n || '@example.org', 'Paged Person ' || n, 'student'" +
      ' FROM generate_series(1, 55) AS n ON CONFLICT DO NOTHING',
    loadState().database,
  );
  await page.getByLabel('Search name or e-mail').fill('Paged Person');
  await page.getByRole('button', { name: 'Search' }).click();
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toContainText('Page 1 of 2 · 55 accounts');
  await pages.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(pages).toContainText('Page 2 of 2');
  await expect(page.getByRole('table').first().getByRole('row')).toHaveCount(6); // the header and 5 accounts
});

test('a relation is picked by search, and a save over a newer save from another session is refused', async ({ browser }) => {
  const first = await (await browser.newContext()).newPage(); // contexts: each has its own cookies
  await signIn(first, ADMIN);
  await first.goto(url('/admin/content/project?q=Campus'));
  await first.getByRole('link', { name: 'Campus Marketplace' }).click();
  await expect(first.getByRole('heading', { name: 'Campus Marketplace' })).toBeVisible();
  const team = first.getByRole('group', { name: 'Team' });
  await expect(team.getByRole('button', { name: 'Remove Amira Haddad' })).toBeVisible();
  await team.getByRole('searchbox').fill('jonas');
  await team.getByRole('button', { name: /Jonas Keller/ }).click();
  await expect(team.getByRole('button', { name: 'Remove Jonas Keller' })).toBeVisible();
  await checkA11y(first, 'edit with a relation');
  await shot(first, 'content-edit-relation');

  // another session (its own cookie) saves the same document first
  const second = await (await browser.newContext()).newPage();
  await signIn(second, ADMIN);
  await second.goto(first.url());
  await second.getByRole('textbox', { name: /^Description/ }).fill('Changed in another session.');
  await second.getByRole('button', { name: 'Save draft' }).click();
  await expect(second.getByRole('status').filter({ hasText: /Saved version/ })).toBeVisible();

  // the first session's save carries the version it started from: refused, its edits stay on screen
  await first.getByRole('button', { name: 'Save draft' }).click();
  await expect(first.getByRole('heading', { name: 'Someone saved this document while you edited it' })).toBeVisible();
  await first.getByRole('button', { name: 'Back to my edits' }).click(); // the merge itself: e2e/editing.spec.ts
  await expect(team.getByRole('button', { name: 'Remove Jonas Keller' })).toBeVisible();

  // unsaved edits: leaving asks first, and staying keeps them
  let asked = '';
  first.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await first.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Content' }).click();
  await expect.poll(() => asked).toContain('not saved');
  await expect(first.getByRole('heading', { name: 'Campus Marketplace' })).toBeVisible();
  await expect(team.getByRole('button', { name: 'Remove Jonas Keller' })).toBeVisible();

  first.once('dialog', (dialog) => void dialog.accept()); // the browser's own leave-page prompt, if it shows
  await first.reload();
  await expect(first.getByRole('textbox', { name: /^Description/ })).toHaveValue('Changed in another session.');
  await first.getByRole('group', { name: 'Team' }).getByRole('searchbox').fill('jonas');
  await first.getByRole('group', { name: 'Team' }).getByRole('button', { name: /Jonas Keller/ }).click();
  await first.getByRole('button', { name: 'Save draft' }).click();
  await expect(first.getByRole('status').filter({ hasText: /Saved version/ })).toBeVisible();
  await expect(first.getByRole('group', { name: 'Team' }).getByRole('button', { name: 'Remove Jonas Keller' })).toBeVisible();
});
