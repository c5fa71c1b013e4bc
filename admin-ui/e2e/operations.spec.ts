import { expect as baseExpect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkA11y, shot, signIn, url } from './screens';
import { ADMIN, EDITOR, loadState, psql } from './server';

// background work (jobs, mail, variants) runs beside the browser; on a busy machine it takes more than the default 5 s
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 120_000 });
const db = (sql: string) => psql(sql, loadState().database).trim();

/** Answers the confirmation dialog a button opened. */
async function confirm(page: Page, action: string) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: action }).click();
  await expect(dialog).toBeHidden();
}

test('jobs: a dead job retried alone and others in bulk; the search index rebuilt with its progress; plugins and the audit log', async ({
  page,
}) => {
  const dead = (error: string) =>
    Number(db(`INSERT INTO jobs (kind, payload, status, attempts, max_attempts, last_error) VALUES ('mail.send',
      '{"mail_id": 0}', 'dead', 8, 8, '${error}') RETURNING id`));
  const first = dead('e2e: SMTP refused');
  const second = dead('e2e: timed out');
  const third = dead('e2e: timed out again');
  await signIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
  await expect(page.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();
  await checkA11y(page, 'operations');
  await page.getByRole('link', { name: 'Jobs' }).first().click();
  await page.getByLabel('State').selectOption('dead');
  await expect(page).toHaveURL(/status=dead/);
  const row = page.getByTestId(`job-${first}`);
  await expect(row).toContainText('e2e: SMTP refused');
  await checkA11y(page, 'jobs');
  await shot(page, 'operations-jobs');

  await row.getByRole('button', { name: `Retry job ${first}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Job ${first} queued again` })).toBeVisible();
  await expect(page.getByTestId(`job-${first}`)).toHaveCount(0); // no longer dead
  await page.getByLabel(`Select job ${second}`).check();
  await page.getByLabel(`Select job ${third}`).check();
  await page.getByRole('button', { name: 'Retry selected (2)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 jobs queued again' })).toBeVisible();
  await expect.poll(() => db(`SELECT string_agg(status, ',' ORDER BY id) FROM jobs WHERE id IN (${first}, ${second}, ${third})`)).toBe(
    'done,done,done',
  );

  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Search index' }).click();
  await page.getByRole('button', { name: 'Rebuild the search index' }).click();
  await expect(page).toHaveURL(/job=\d+/);
  await expect(page.getByTestId('rebuild-status')).toHaveText('Done: the search index is rebuilt', { timeout: 45_000 });
  await expect(page.getByRole('progressbar', { name: 'Rebuild progress' })).toHaveAttribute('value', '3');
  await checkA11y(page, 'search index');
  await shot(page, 'operations-search');

  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Plugins' }).click();
  await expect(page.getByTestId('plugin-event-registration')).toContainText('started');
  await checkA11y(page, 'plugins');

  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Actor').fill(`user:${db(`SELECT id FROM users WHERE email = '${ADMIN.email}'`)}`);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/actor=user/);
  await expect(page.getByRole('cell', { name: `POST /admin/v1/jobs/${first}/retry` })).toBeVisible();
  await checkA11y(page, 'audit log');
  await shot(page, 'operations-audit');
});

test('an API token is shown once, works, and is refused once revoked; a webhook is created and its delivery log shows a redelivery', async ({
  page,
  request,
}) => {
  await signIn(page, ADMIN);
  await page.goto(url('/admin/operations/tokens'));
  await page.getByLabel('Name').fill('e2e deploy script');
  await page.getByLabel('Scope').selectOption('full');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
  expect(secret.length).toBeGreaterThan(20);
  const row = page.getByRole('row', { name: /e2e deploy script/ });
  await expect(row).toContainText(`${secret.slice(0, 6)}`); // only its prefix from now on
  await expect(row).not.toContainText(secret);
  await checkA11y(page, 'tokens');
  await shot(page, 'operations-tokens');
  await page.reload();
  await expect(page.getByRole('row', { name: /e2e deploy script/ })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  await page.goto(url('/admin/operations/webhooks'));
  await page.getByLabel('Name').fill('Rebuild the site');
  await page.getByLabel('Receiver URL').fill('https://hooks.example.invalid/rebuild');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);
  await checkA11y(page, 'webhooks');
  await shot(page, 'operations-webhooks');

  // the token drives a publish, which fires the webhook
  const admin = loadState().adminUrl;
  const auth = { Authorization: `Bearer ${secret}` };
  const events = await (await request.get(`${admin}/admin/v1/content/event?pageSize=1`, { headers: auth })).json();
  const published = await request.post(`${admin}/admin/v1/content/event/${events.data[0].id}/publish`, { headers: auth });
  expect(published.status()).toBe(200);

  await page.getByRole('link', { name: 'Rebuild the site' }).click();
  await expect(page.getByRole('heading', { name: 'Deliveries: Rebuild the site' })).toBeVisible();
  const hook = db(`SELECT id FROM webhooks WHERE name = 'Rebuild the site'`);
  const delivery = db(`SELECT id FROM webhook_deliveries WHERE webhook_id = ${hook}`);
  await expect(page.getByTestId(`delivery-${delivery}`)).toContainText('document.published');
  // the receiver does not exist: the attempt is logged with its error
  await expect(page.getByTestId(`delivery-${delivery}`)).toContainText('UnknownHostException', { timeout: 45_000 });
  db(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = ${delivery}`); // as after its last attempt
  await page.reload();
  await page.getByRole('button', { name: `Redeliver delivery ${delivery}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Delivery ${delivery} queued again` })).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(3);
  await checkA11y(page, 'webhook deliveries');
  await shot(page, 'operations-webhook-deliveries');

  await page.goto(url('/admin/operations/tokens'));
  await page.getByRole('button', { name: 'Revoke e2e deploy script' }).click();
  await confirm(page, 'Revoke');
  await expect(page.getByRole('row', { name: /e2e deploy script/ })).toContainText('revoked');
  expect((await request.get(`${admin}/admin/v1/content/event?pageSize=1`, { headers: auth })).status()).toBe(401);
});

test('a newsletter issue is composed, sent with per-recipient status, and a failed mail is resent', async ({ page }) => {
  db(`INSERT INTO newsletter_subscribers (email, status) VALUES ('reader.one@example.org', 'confirmed'),
      ('reader.two@example.org', 'confirmed'), ('reader.pending@example.org', 'pending') ON CONFLICT DO NOTHING`);
  const failed = db(`INSERT INTO mail_messages (message_id, template, recipient, subject, text_body, html_body, status,
      attempts, last_error) VALUES ('<e2e-failed@bitwreckers.test>', 'contact-received', 'someone@example.org',
      'We got your message', 'Thanks!', '<p>Thanks!</p>', 'failed', 8, 'e2e: mailbox full') RETURNING id`);
  await signIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mail' }).click();
  await page.getByRole('link', { name: 'Newsletter' }).first().click();
  await expect(page.getByRole('cell', { name: 'reader.pending@example.org' })).toBeVisible();
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await expect(page.getByRole('alert')).toContainText('Subject is required');
  await expect(page.getByRole('alert')).toContainText('Text is required');
  await page.getByLabel('Subject').fill('Winter at the loft');
  await page.getByLabel('Text').fill('Three evenings of talks, one hackathon.');
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await expect(page.getByRole('heading', { name: 'Winter at the loft' })).toBeVisible();
  await expect(page.getByTestId('issue-progress')).toHaveText('Draft: would go to 2 confirmed subscribers');
  await page.getByRole('button', { name: 'Send…' }).click();
  await confirm(page, 'Send to 2');
  await expect(page.getByTestId('issue-progress')).toHaveText('Sent: 2 of 2 delivered', { timeout: 45_000 });
  // the run's SMTP receiver (e2e/mail-sink.ts) takes the mail: each recipient's is sent on its own
  await expect(page.getByTestId('recipient-reader.one@example.org')).toContainText('sent');
  await expect(page.getByTestId('recipient-reader.two@example.org')).toContainText('sent');
  await expect(page.getByTestId('recipient-reader.pending@example.org')).toHaveCount(0);
  await checkA11y(page, 'newsletter issue');
  await shot(page, 'mail-newsletter-issue');
  await page.getByRole('link', { name: 'All issues' }).click();
  await expect(page.getByRole('row', { name: /Winter at the loft/ })).toContainText('Sent: 2 of 2 delivered');
  await checkA11y(page, 'newsletter');

  await page.getByRole('navigation', { name: 'Mail' }).getByRole('link', { name: 'Mail log' }).click();
  await page.getByLabel('Status').selectOption('failed');
  await page.getByRole('link', { name: 'We got your message' }).click();
  await expect(page.getByTestId('mail-status')).toHaveText('failed');
  await expect(page.getByText('e2e: mailbox full')).toBeVisible();
  await checkA11y(page, 'mail view');
  await page.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Queued for sending again' })).toBeVisible();
  await expect(page.getByTestId('mail-status')).toHaveText('sent', { timeout: 45_000 });
  expect(db(`SELECT status FROM mail_messages WHERE id = ${failed}`)).toBe('sent');
  await shot(page, 'mail-view');
  await page.getByRole('link', { name: 'The mail log' }).click();
  await checkA11y(page, 'mail log');
});

test('media: a file dropped on the library uploads with progress; its details say where it is used; delete', async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Media' }).click();
  await expect(page.getByRole('heading', { name: 'Media', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Assets' }).getByRole('listitem').first()).toBeVisible();
  // thumbnails come from the delivery listener, another origin the app's CSP lets images come from
  const thumbnail = page.getByRole('list', { name: 'Assets' }).locator('img').first();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await checkA11y(page, 'media library');
  await shot(page, 'media-library');

  const png = readFileSync(resolve(import.meta.dirname, '../../docs/admin/sign-in.png')).toString('base64');
  const dropped = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'e2e-dropped.png', { type: 'image/png' }));
    return transfer;
  }, png);
  await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer: dropped });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dropped });
  const upload = page.getByTestId('upload-e2e-dropped.png');
  await expect(upload.getByRole('link', { name: 'uploaded' })).toBeVisible();
  await expect(upload.getByRole('progressbar')).toHaveAttribute('value', '100');
  await page.getByLabel('Search').fill('e2e-dropped');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=e2e-dropped/);
  await expect(page.getByRole('list', { name: 'Assets' }).getByRole('listitem')).toHaveCount(1);
  await upload.getByRole('link', { name: 'uploaded' }).click();

  await expect(page.getByRole('heading', { name: 'e2e-dropped.png' })).toBeVisible();
  await expect(page.getByTestId('used-by')).toHaveText('Nothing uses it.');
  await page.getByLabel('Alt text').fill('The sign-in screen');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /320 px/ })).toBeVisible({ timeout: 45_000 }); // variants made in the background
  await page.reload();
  await checkA11y(page, 'media details');
  await shot(page, 'media-details');
  await page.getByRole('button', { name: 'Delete this asset' }).click();
  await confirm(page, 'Delete');
  await expect(page.getByRole('heading', { name: 'Media', level: 1 })).toBeVisible();
  expect(db(`SELECT count(*) FROM media_assets WHERE filename = 'e2e-dropped.png'`)).toBe('0');

  // an asset in use cannot be deleted
  const used = db(`SELECT m.id FROM media_assets m JOIN users u ON strpos(u.avatar_url, m.hash) > 0 LIMIT 1`);
  await page.goto(url(`/admin/media/${used}`));
  await expect(page.getByTestId('used-by')).toContainText('avatar of user');
  await expect(page.getByText('It cannot be deleted while')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete this asset' })).toHaveCount(0);
});

test('an editor sees only the operations and mail screens the role allows', async ({ page }) => {
  await signIn(page, EDITOR);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Operations' }).click();
  const sections = page.getByRole('main').getByRole('link');
  await expect(sections).toHaveText(['Audit log', 'Search index']);
  await page.goto(url('/admin/operations/jobs'));
  await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
  await page.goto(url('/admin/mail'));
  await expect(page.getByRole('main').getByRole('link')).toHaveText(['Newsletter']);
  await page.getByRole('link', { name: 'Newsletter' }).click();
  await expect(page.getByRole('heading', { name: 'Issues' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Subscribers' })).toHaveCount(0); // personal data: admins only
  await page.goto(url('/admin/mail/log'));
  await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
});
