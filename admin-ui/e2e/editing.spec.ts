import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { checkA11y, shot, signIn, url } from './screens';
import { ADMIN, loadState, psql } from './server';

// The Content screens' depth, on the test-only type "specimen" (every field type; e2e/fixtures/types): the
// editors, the media picker, history with diff and restore, the merge view on a 409, the draft journal, the
// timeline, list columns and bulk actions. The tests share one document, so they run in order.
test.describe.configure({ mode: 'serial', timeout: 150_000 }); // long flows on a shared, busy machine
const expect = baseExpect.configure({ timeout: 20_000 }); // a condition polled up to 20 s (sign-in hashes a password)

const sql = (query: string) => psql(query, loadState().database).trim();

async function signedIn(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage(); // its own cookies: a session of its own
  await signIn(page, ADMIN);
  return page;
}

// a 1×1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let documentPath = '';

test('a document using every field type is written with the rich-text and JSON editors and a media upload, then published and scheduled', async ({
  browser,
}) => {
  const page = await signedIn(browser);
  await page.goto(url('/admin/content/specimen/new'));
  await expect(page.getByRole('heading', { name: 'New Specimen' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Title' }).fill('Specimen one');
  await page.getByRole('textbox', { name: 'Summary' }).fill('A short summary');
  const body = page.getByRole('textbox', { name: 'Body' }); // TipTap, loaded with the first rich-text field
  await body.click();
  await page.keyboard.type('Hello ');
  await page.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type('bold');
  await page.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type(' world');
  await expect(page.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-pressed', 'false');
  await page.getByRole('textbox', { name: 'Contact' }).fill('someone@example.org');
  await page.getByRole('textbox', { name: 'Website' }).fill('https://example.org');
  // the descriptor's layout hints: titled sections, half-width fields, help under the inputs
  const numbers = page.getByRole('group', { name: 'Numbers' });
  await expect(numbers.getByRole('textbox', { name: 'Rating' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Summary' })).toHaveAccessibleDescription(/One or two sentences/);
  await expect(page.getByText('Shown first on the home page')).toBeVisible();
  await page.getByRole('textbox', { name: 'Rating' }).fill('4');
  await page.getByRole('textbox', { name: 'Score' }).fill('2.5');
  await page.getByText('Featured').click();
  await page.getByLabel('Starts at').fill('2027-01-20T09:30');
  await page.getByLabel('Day').fill('2027-01-20');
  await page.getByRole('button', { name: /Category/ }).click();
  await page.getByRole('option', { name: 'guide' }).click();
  const extra = page.getByRole('textbox', { name: 'Extra' });
  await extra.fill('{"b": 2, "a":');
  await expect(page.getByText(/Not valid JSON yet/)).toBeVisible(); // checked as typed, before any save
  await extra.fill('{"b": 2, "a": [1, 2]}');
  await page.getByRole('button', { name: 'Format Extra' }).click();
  await expect(extra).toHaveValue('{\n  "a": [\n    1,\n    2\n  ],\n  "b": 2\n}');
  await page.getByRole('textbox', { name: 'Tags' }).fill('alpha\nbeta');
  const people = page.getByRole('group', { name: 'People' });
  await people.getByRole('searchbox').fill('amira');
  await people.getByRole('button', { name: /Amira Haddad/ }).click();

  // the media picker: upload with progress; the new asset is chosen
  await page.getByRole('button', { name: 'Choose Cover' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose Cover' });
  await expect(dialog.getByRole('searchbox', { name: 'Search the library' })).toBeVisible();
  await checkA11y(page, 'media picker');
  await shot(page, 'content-media-picker');
  await dialog.getByLabel('Upload a new file').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PNG });
  await expect(dialog).toBeHidden();
  await expect(page.locator('output.media-chosen')).toHaveText('pixel.png');
  await checkA11y(page, 'new document with every field type');
  await shot(page, 'content-edit-every-field');

  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved version 1.' })).toBeVisible();
  await expect(page).toHaveURL(/\/content\/specimen\/\d+$/);
  documentPath = new URL(page.url()).pathname;
  const id = documentPath.split('/').pop()!;
  const stored = JSON.parse(sql(`SELECT data FROM documents WHERE id = ${id}`)) as Record<string, unknown>;
  expect(stored.body).toBe('<p>Hello <strong>bold</strong> world</p>');
  expect(stored.extra).toEqual({ a: [1, 2], b: 2 });
  expect(stored.cover).toMatch(/^\/media\/.+/);
  expect(stored.tags).toEqual(['alpha', 'beta']);
  expect(stored.featured).toBe(true);
  expect(stored.category).toBe('guide');
  expect(stored.people).toHaveLength(1);
  expect(sql(`SELECT count(*) FROM media_assets WHERE filename = 'pixel.png'`)).toBe('1');

  // the picker also finds what is already in the library
  await page.getByRole('button', { name: 'Choose Cover' }).click();
  await dialog.getByRole('searchbox', { name: 'Search the library' }).fill('pixel');
  await expect(dialog.getByRole('button', { name: 'Use pixel.png' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published.' })).toBeVisible();
  await page.getByLabel('Unpublish at').fill('2099-01-01T00:00');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Schedule saved.' })).toBeVisible();
  expect(sql(`SELECT count(*) FROM jobs WHERE kind = 'content.schedule' AND payload->>'id' = '${id}'`)).toBe('1');

  // one timeline: versions, the publish, the schedule, audit entries
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByText('Published version 1')).toBeVisible();
  await expect(timeline.getByText(/Unpublish scheduled for 2099/)).toBeVisible();
  await expect(timeline.getByText('Version 1: create')).toBeVisible();
  await expect(timeline.getByText(/^POST \/admin\/v1\/content\/specimen\/\d+\/publish/)).toBeVisible();
  await checkA11y(page, 'published document with schedule and timeline');
  await shot(page, 'content-edit-timeline');
});

test('version history shows each changed field as a diff and restores an older version', async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto(url(documentPath));
  await page.getByRole('textbox', { name: 'Title' }).fill('Specimen two');
  await page.getByRole('textbox', { name: 'Rating' }).fill('2');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved version 2.' })).toBeVisible();

  const history = page.getByRole('region', { name: 'Version history' });
  await history.getByRole('button', { name: 'Compare version 1' }).click();
  const diffs = history.locator('dl.field-diffs');
  await expect(diffs.locator('dt')).toHaveText(['Title', 'Rating']); // only what differs
  await expect(diffs.locator('dd').first().locator('del')).toHaveText('removed: two');
  await expect(diffs.locator('dd').first().locator('ins')).toHaveText('added: one');
  await checkA11y(page, 'version history diff');
  await shot(page, 'content-history-diff');

  await history.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restored as version 3.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('Specimen one');
  await expect(page.getByRole('textbox', { name: 'Rating' })).toHaveValue('4');
  await expect(page.getByRole('region', { name: 'Timeline' }).getByText('Version 3: rollback:1')).toBeVisible();
});

test('a save over a newer save from another session opens the merge view, and the merge is saved field by field', async ({
  browser,
}) => {
  const mine = await signedIn(browser);
  await mine.goto(url(documentPath));
  await expect(mine.getByRole('textbox', { name: 'Title' })).toHaveValue('Specimen one');

  const theirs = await signedIn(browser);
  await theirs.goto(url(documentPath));
  await theirs.getByRole('textbox', { name: 'Title' }).fill('Their title');
  await theirs.getByRole('textbox', { name: 'Summary' }).fill('Their summary');
  await theirs.getByRole('button', { name: 'Save draft' }).click();
  await expect(theirs.getByRole('status').filter({ hasText: 'Saved version 4.' })).toBeVisible();

  await mine.getByRole('textbox', { name: 'Title' }).fill('My title');
  await mine.getByRole('textbox', { name: 'Tags' }).fill('alpha\nbeta\ngamma');
  await mine.getByRole('button', { name: 'Save draft' }).click();
  const merge = mine.getByRole('region', { name: 'Someone saved this document while you edited it' });
  await expect(merge).toBeVisible();
  const title = merge.getByRole('group', { name: /Title — changed on both sides/ });
  const summary = merge.getByRole('group', { name: 'Summary' });
  const tags = merge.getByRole('group', { name: 'Tags' });
  await expect(summary.getByRole('radio', { name: /Theirs/ })).toBeChecked(); // only they changed it
  await expect(tags.getByRole('radio', { name: /Mine/ })).toBeChecked(); // only I changed it
  const save = merge.getByRole('button', { name: 'Save merged over version 4' });
  await expect(save).toBeDisabled(); // the title changed on both sides: someone must choose
  await expect(merge.getByText('Still to choose: Title')).toBeVisible();
  await checkA11y(mine, 'merge view');
  await shot(mine, 'content-merge');

  await title.getByRole('radio', { name: /Mine/ }).check();
  await save.click();
  await expect(mine.getByRole('status').filter({ hasText: 'Saved version 5.' })).toBeVisible();
  await expect(mine.getByRole('textbox', { name: 'Title' })).toHaveValue('My title');
  await expect(mine.getByRole('textbox', { name: 'Summary' })).toHaveValue('Their summary');
  await expect(mine.getByRole('textbox', { name: 'Tags' })).toHaveValue('alpha\nbeta\ngamma');
  const id = documentPath.split('/').pop()!;
  expect(sql(`SELECT data->>'title' || '|' || (data->>'summary') FROM documents WHERE id = ${id}`)).toBe(
    'My title|Their summary',
  );
});

test('unsaved edits survive a closed tab in the draft journal and are offered back; saving clears them', async ({
  browser,
}) => {
  const page = await signedIn(browser);
  const context = page.context();
  await page.goto(url(documentPath));
  await page.getByRole('textbox', { name: 'Summary' }).fill('Typed, then the tab was closed');
  await page.close({ runBeforeUnload: false });

  const again = await context.newPage(); // same browser profile: the refresh cookie and the journal are there
  await again.goto(url(documentPath));
  const kept = again.getByRole('region', { name: 'Unsaved edits were kept in this browser' });
  await expect(kept).toBeVisible();
  await expect(again.getByRole('textbox', { name: 'Summary' })).toHaveValue('Their summary'); // not applied unasked
  const stored = await again.evaluate(() => Object.entries(localStorage));
  expect(stored.map(([key]) => key)).toEqual([expect.stringMatching(/^bw-draft:\d+:specimen:\d+$/)]);
  expect(JSON.stringify(stored)).not.toMatch(/token|Bearer|eyJ/); // content only, never a token
  await checkA11y(again, 'draft journal offer');
  await shot(again, 'content-draft-journal');

  await kept.getByRole('button', { name: 'Restore my unsaved edits' }).click();
  await expect(again.getByRole('textbox', { name: 'Summary' })).toHaveValue('Typed, then the tab was closed');
  await again.getByRole('button', { name: 'Save draft' }).click();
  await expect(again.getByRole('status').filter({ hasText: 'Saved version 6.' })).toBeVisible();
  expect(await again.evaluate(() => localStorage.length)).toBe(0);
  await again.reload();
  await expect(again.getByRole('textbox', { name: 'Summary' })).toHaveValue('Typed, then the tab was closed');
  await expect(again.getByRole('region', { name: 'Unsaved edits were kept in this browser' })).toHaveCount(0);
});

test('the list keeps chosen columns in the URL and publishes, unpublishes and deletes a selection', async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto(url('/admin/content/specimen'));
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'Score' }).check();
  await expect(page).toHaveURL(/cols=[^&]*score/); // the names, comma-separated (encoded)
  await expect(page.getByRole('columnheader', { name: /Score/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('columnheader', { name: /Score/ })).toBeVisible();

  await page.getByRole('checkbox', { name: 'Select My title' }).check();
  const bar = page.getByRole('region', { name: 'Selected documents' });
  await expect(bar.getByText('1 selected')).toBeVisible();
  await checkA11y(page, 'list with selection');
  await shot(page, 'content-list-bulk');
  await bar.getByRole('button', { name: 'Unpublish selected' }).click();
  await expect(bar.getByRole('status')).toHaveText('Unpublished 1 of 1.');
  await expect(page.getByRole('row', { name: /My title/ }).getByText('draft')).toBeVisible();

  await page.getByRole('checkbox', { name: 'Select My title' }).check();
  page.once('dialog', (d) => void d.accept());
  await bar.getByRole('button', { name: 'Delete selected' }).click();
  await expect(bar.getByRole('status')).toHaveText('Deleted 1 of 1.');
  await expect(page.getByText('No documents match.')).toBeVisible();
});
