import { beforeEach, describe, expect, it } from 'vitest';
import { htmlToText, jsonDiff, listDiff, wordDiff } from './diff';
import { clearDraft, journalKey, MAX_AGE_MS, readDraft, writeDraft } from './journal';
import { applyChoices, mergeFields, unresolved } from './merge';
import { changedFields, sameValue } from './values';

const fields = ['title', 'body', 'tags', 'meta', 'count'].map((name) => ({ name }));

describe('values', () => {
  it('compares JSON structurally, ignoring key order, with undefined as null', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });

  it('takes a media path and its URL under the media base as the same asset', () => {
    const media = [{ name: 'cover', type: 'media' }];
    expect(changedFields(media, { cover: '/media/ab/c.png' }, { cover: 'https://cdn.example.org/media/ab/c.png' })).toEqual([]);
    expect(changedFields(media, { cover: '/media/ab/c.png' }, { cover: '/media/ab/d.png' })).toEqual(['cover']);
    expect(mergeFields(media, { cover: '/media/x' }, { cover: 'http://h/media/x' }, { cover: '/media/x' })).toEqual([]);
  });

  it('names the changed fields in descriptor order', () => {
    expect(changedFields(fields, { title: 'a', count: 1, meta: { x: 1 } }, { title: 'b', count: 1, meta: { x: 2 } })).toEqual([
      'title',
      'meta',
    ]);
  });
});

describe('diff views', () => {
  const render = (parts: { kind: string; text: string }[]) =>
    parts.map((p) => (p.kind === 'same' ? p.text : p.kind === 'added' ? `[+${p.text}]` : `[-${p.text}]`)).join('');

  it('diffs text word by word', () => {
    expect(render(wordDiff('the quick fox', 'the slow fox'))).toBe('the [-quick][+slow] fox');
    expect(render(wordDiff(null, 'new'))).toBe('[+new]');
  });

  it('diffs rich text as the words a reader sees, not the markup', () => {
    expect(htmlToText('<p>Hello <strong>big</strong> world</p><ul><li>one</li><li>two &amp; three</li></ul>')).toBe(
      'Hello big world\none\ntwo & three',
    );
    expect(render(wordDiff('<p>Hello <em>world</em></p>', '<p>Hello <strong>world</strong></p>', true))).toBe('Hello world');
    expect(render(wordDiff('<p>Hello world</p>', '<p>Hello there</p>', true))).toBe('Hello [-world][+there]');
  });

  it('diffs JSON by line with sorted keys, so reordering is no change', () => {
    expect(jsonDiff({ b: 1, a: 2 }, { a: 2, b: 1 }).every((p) => p.kind === 'same')).toBe(true);
    const parts = jsonDiff({ a: 1, b: 2 }, { a: 1, b: 3 });
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['"b": 2']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['"b": 3']);
  });

  it('diffs lists item by item', () => {
    expect(listDiff(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(listDiff(null, [1, 2]).map((p) => p.kind)).toEqual(['added', 'added']);
  });
});

describe('three-way merge', () => {
  const base = { title: 'Base', body: 'b', tags: ['x'], meta: { k: 1 }, count: 1 };

  it('keeps each side alone where only it changed, and asks where both changed differently', () => {
    const mine = { ...base, title: 'Mine', tags: ['x', 'y'], count: 5 };
    const theirs = { ...base, title: 'Theirs', body: 'their body', count: 5 };
    const merge = mergeFields(fields, base, mine, theirs);
    expect(merge.map((f) => [f.name, f.conflict, f.proposed])).toEqual([
      ['title', true, 'theirs'],
      ['body', false, 'theirs'],
      ['tags', false, 'mine'],
    ]); // count: both made the same change, so it is no question
    expect(unresolved(merge, {})).toEqual(['title']);
    expect(unresolved(merge, { title: 'mine' })).toEqual([]);
    expect(applyChoices(theirs, merge, { title: 'mine' })).toEqual({
      title: 'Mine',
      body: 'their body',
      tags: ['x', 'y'],
      meta: { k: 1 },
      count: 5,
    });
  });

  it('lets the editor overrule a proposal, and take theirs for a field only they changed', () => {
    const mine = { ...base, tags: ['z'] };
    const theirs = { ...base, meta: { k: 2 } };
    const merge = mergeFields(fields, base, mine, theirs);
    expect(applyChoices(theirs, merge, { tags: 'theirs', meta: 'mine' })).toEqual(base);
  });

  it('finds nothing to merge when the edits are identical', () => {
    expect(mergeFields(fields, base, { ...base, title: 'X' }, { ...base, title: 'X' })).toEqual([]);
  });
});

describe('draft journal', () => {
  beforeEach(() => localStorage.clear());
  const key = journalKey(7, 'event', 12);

  it('keeps form state per user, type and document, and clears it', () => {
    expect(key).toBe('bw-draft:7:event:12');
    expect(journalKey(7, 'event', undefined)).toBe('bw-draft:7:event:new');
    writeDraft(key, { title: 'Unsaved' }, 3, 1000);
    expect(readDraft(key, 2000)).toEqual({ state: { title: 'Unsaved' }, baseVersion: 3, savedAt: 1000 });
    expect(readDraft(journalKey(8, 'event', 12), 2000)).toBeNull();
    clearDraft(key);
    expect(readDraft(key)).toBeNull();
  });

  it('drops entries that are too old or unreadable', () => {
    writeDraft(key, { title: 'Old' }, 1, 0);
    expect(readDraft(key, MAX_AGE_MS + 1)).toBeNull();
    expect(localStorage.getItem(key)).toBeNull();
    localStorage.setItem(key, '{not json');
    expect(readDraft(key)).toBeNull();
    localStorage.setItem(key, JSON.stringify({ state: null, savedAt: 1 }));
    expect(readDraft(key, 2)).toBeNull();
  });

  it('stores nothing but the content it is given', () => {
    writeDraft(key, { title: 'T' }, 1, 5);
    expect(Object.keys(JSON.parse(localStorage.getItem(key)!))).toEqual(['state', 'baseVersion', 'savedAt']);
  });
});

describe('bulk actions and columns', async () => {
  const { bulkReport, parseColumns, runBulk } = await import('./bulk');

  it('runs every call, at most n at a time, and collects failures without stopping', async () => {
    let running = 0;
    let peak = 0;
    const result = await runBulk(
      [5, 1, 4, 2, 3, 6],
      async (id) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (id === 4) throw new Error('refused');
      },
      2,
    );
    expect(peak).toBe(2);
    expect(result).toEqual({ done: [1, 2, 3, 5, 6], failed: [{ id: 4, message: 'refused' }] });
    expect(bulkReport('Published', 6, result)).toBe('Published 5 of 6. #4: refused');
  });

  it('reads the chosen columns from the URL, keeping only real fields in descriptor order', () => {
    expect(parseColumns(undefined, ['a', 'b'])).toBeNull();
    expect(parseColumns('c,a,nope', ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(parseColumns('', ['a'])).toEqual([]);
  });
});
