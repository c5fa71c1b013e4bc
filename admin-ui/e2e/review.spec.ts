import { expect, test } from '@playwright/test';
import { mailTo } from './mail-sink';
import { checkA11y, shot, signIn, url } from './screens';
import { ADMIN, EDITOR, loadState, psql } from './server';

// Review queues with keyboard triage and scoring, events and attendance, users and staff invitations.
const EXPERT = { email: 'erin.expert@bitwreckers.test', password: 'expert passphrase e2e', name: 'Erin Expert' };

async function post(base: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF': '1', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: Record<string, unknown>; error?: unknown };
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json.error)}`);
  return json.data!;
}

/** A confirmed member signed in on the delivery API (registered, then confirmed in the database). */
async function member(delivery: string, email: string, name: string): Promise<string> {
  const response = await fetch(`${delivery}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'member passphrase e2e', full_name: name }),
  });
  expect(response.status).toBe(202);
  const { database } = loadState();
  await expect.poll(() => psql(`SELECT count(*) FROM users WHERE email = '${email}'`, database).trim()).toBe('1');
  psql(`UPDATE users SET email_verified = true WHERE email = '${email}'`, database);
  const session = await post(delivery, '/api/v1/auth/login', { email, password: 'member passphrase e2e' });
  return String(session.access_token);
}

let eventTitle = '';

// the tests share what beforeAll sets up, in order; axe on a busy machine takes its time
test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  const { adminUrl, deliveryUrl } = loadState();
  const apply = (name: string, email: string) =>
    post(deliveryUrl, '/api/v1/students/apply', {
      full_name: name,
      email,
      university: 'TU Delft',
      preferred_field: 'web',
      message: `I would like to join: ${name}.`,
    });
  await apply('Ada Lovelace', 'ada@example.org');
  await apply('Grace Hopper', 'grace@example.org');
  await post(deliveryUrl, '/api/v1/innovation/accelerator/apply', {
    team_name: 'Team Rocket',
    project_title: 'Rocket fuel from coffee grounds',
    project_description: 'We turn used coffee grounds into fuel pellets.',
    team_members: [{ name: 'Rae', email: 'rae@example.org' }],
    contact_email: 'rae@example.org',
  });

  // an event with one seat: the first member gets it, the second waits
  const admin = String((await post(adminUrl, '/admin/v1/session', ADMIN)).access_token);
  eventTitle = `Review night ${Date.now()}`;
  const event = await post(
    adminUrl,
    '/admin/v1/content/event',
    {
      data: {
        title: eventTitle,
        description: 'Triage the queue together.',
        event_type: 'meetup',
        date: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        location: 'Bitwreckers Loft',
        attendees_limit: 1,
        status: 'upcoming',
      },
    },
    admin,
  );
  await post(adminUrl, `/admin/v1/content/event/${event.id}/publish`, {}, admin);
  for (const [email, name] of [
    ['sam@example.org', 'Sam Seated'],
    ['wes@example.org', 'Wes Waiting'],
  ] as const) {
    await post(deliveryUrl, `/api/v1/community/events/${event.id}/register`, {}, await member(deliveryUrl, email, name));
  }
});

test('keyboard triage: move through a queue, open an item, and take a step with a note', async ({ page }) => {
  await signIn(page, EDITOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { name: 'Review', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Accelerator application' })).toHaveCount(0); // no step names editors
  await checkA11y(page, 'review');
  await page.getByRole('link', { name: 'Student application' }).click();
  await expect(page.getByRole('heading', { name: 'Student application queue' })).toBeVisible();
  const ada = page.getByRole('link', { name: 'Ada Lovelace' });
  const grace = page.getByRole('link', { name: 'Grace Hopper' });
  await expect(grace).toBeVisible();
  await checkA11y(page, 'review queue');
  await shot(page, 'review-queue');

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await checkA11y(page, 'review keys help');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // oldest first: j lands on Ada, j on Grace, k back on Ada, Enter opens her
  await page.keyboard.press('j');
  await expect(ada).toBeFocused();
  await page.keyboard.press('j');
  await expect(grace).toBeFocused();
  await page.keyboard.press('k');
  await expect(ada).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Ada Lovelace', level: 1 })).toBeVisible();
  await expect(page.getByText('TU Delft')).toBeVisible();

  await page.keyboard.press('n');
  const note = page.getByLabel(/^Note for the next step/);
  await expect(note).toBeFocused();
  await page.keyboard.type('Strong portfolio; welcome aboard.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('a');
  const approve = page.getByRole('button', { name: /^Move to approved/ });
  await expect(approve).toBeFocused();
  await checkA11y(page, 'review item');
  await shot(page, 'review-item');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Moved to approved.' })).toBeVisible();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history).toContainText('Pending → Approved');
  await expect(history).toContainText('Strong portfolio; welcome aboard.');

  // j opens the next item still waiting; u goes back to the queue, where Ada is no longer waiting
  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { name: 'Grace Hopper', level: 1 })).toBeVisible();
  await page.keyboard.press('u');
  await expect(page.getByRole('heading', { name: 'Student application queue' })).toBeVisible();
  await expect(grace).toBeVisible();
  await expect(ada).toHaveCount(0);
});

test('attendance is marked on the event screen; the waitlist is shown in order', async ({ page }) => {
  await signIn(page, EDITOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible();
  await checkA11y(page, 'events');
  await page.getByRole('link', { name: eventTitle }).click();
  await expect(page.getByRole('heading', { name: eventTitle })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Waitlist' })).toContainText('Wes Waiting');
  const attended = page.getByRole('checkbox', { name: 'Sam Seated attended' });
  await expect(attended).not.toBeChecked();
  await attended.click(); // checked once the server has marked it
  await expect(attended).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: '1 attended' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Sam Seated attended' })).toBeChecked();
  await checkA11y(page, 'event registrations');
  await shot(page, 'event-registrations');
});

test('an invited expert accepts by mail, sees only their screens, and scores with digits; an admin decides with funding', async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await page.getByLabel('E-mail address').fill(EXPERT.email);
  await page.getByLabel('Invite as').selectOption('expert');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${EXPERT.email}` })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(EXPERT.email) })).toContainText('pending');
  await checkA11y(page, 'users');
  await shot(page, 'users');

  // the link arrives by mail (the sink the server sends to); the mail log never shows it
  await expect.poll(() => mailTo(EXPERT.email).join('\n'), { timeout: 20_000 }).toContain('accept-invitation#token=');
  const token = /accept-invitation#token=(bwi_[A-Za-z0-9_-]+)/.exec(mailTo(EXPERT.email).join('\n'))![1]!;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('E-mail address')).toBeVisible();

  await page.goto(url(`/admin/accept-invitation#token=${token}`));
  await expect(page.getByRole('heading', { name: 'Welcome to the Bitwreckers admin' })).toBeVisible();
  expect(page.url()).not.toContain(token); // taken out of the address bar and history at once
  await checkA11y(page, 'accept invitation');
  await shot(page, 'accept-invitation');
  await page.getByLabel('Your name').fill(EXPERT.name);
  await page.getByLabel('Password').fill(EXPERT.password);
  await page.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${EXPERT.name}` })).toBeVisible();

  // an expert reviews; events, content and users are not theirs
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Review' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Events' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto(url('/admin/events'));
  await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
  await checkA11y(page, 'events (expert)');

  await page.goto(url('/admin/review'));
  await page.getByRole('link', { name: 'Accelerator application' }).click();
  await expect(page.getByRole('heading', { name: 'Accelerator application queue' })).toBeVisible();
  const queue = page.getByRole('table', { name: /^Items in the queue/ });
  const rocket = queue.getByRole('link', { name: 'Team Rocket' });
  await expect(rocket).toBeVisible(); // the rows are there before the keys move through them
  await page.keyboard.press('j');
  await expect(rocket).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Team Rocket', level: 1 })).toBeVisible();
  await expect(page.getByText('Rocket fuel from coffee grounds')).toBeVisible();
  await expect(page.getByLabel(/^Innovation/)).toBeVisible();
  // 7, 8, 1 0 (ten), 6: one criterion after the other
  for (const key of ['7', '8', '1', '0', '6']) await page.keyboard.press(key);
  await expect(page.getByLabel(/^Innovation/)).toHaveValue('7');
  await expect(page.getByLabel(/^Feasibility/)).toHaveValue('8');
  await expect(page.getByLabel(/^Impact/)).toHaveValue('10');
  await expect(page.getByLabel(/^Team/)).toHaveValue('6');
  await checkA11y(page, 'scoring');
  await shot(page, 'review-scoring');
  await page.keyboard.press('s');
  await expect(page.getByRole('status').filter({ hasText: 'Score recorded' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'You scored this application' })).toBeVisible();
  await page.keyboard.press('r');
  await expect(page.getByRole('button', { name: /^Move to reviewing/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Moved to reviewing.' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // the decision is an admin's, and an approval says how much funding
  await signIn(page, ADMIN);
  await page.goto(url('/admin/review/accelerator_application?state=reviewing&sort=score'));
  const ranking = page.getByRole('region', { name: 'Ranking' });
  await expect(ranking.getByRole('row', { name: /Team Rocket/ })).toContainText('1');
  await page.getByRole('table', { name: /^Items in the queue/ }).getByRole('link', { name: 'Team Rocket' }).click();
  await expect(page.getByText(/Total score: \d+ \/ 100/)).toBeVisible();
  await page.getByRole('button', { name: /^Move to approved/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: /funding/i })).toBeVisible();
  await expect(page.getByLabel(/^Funding amount/)).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel(/^Funding amount/).fill('25000');
  await page.getByRole('button', { name: /^Move to approved/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved to approved.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Ranking' })).toHaveCount(0); // the item page has no ranking
  await checkA11y(page, 'decided');
  await shot(page, 'review-decided');
});
