import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FieldDescriptor } from '../api/missing-paths';
import { fieldRegistry, kindFor } from './registry';
import { jsonProblem } from './JsonInput';
import { mediaValue } from './upload';

const field = (type: string, extra: Partial<FieldDescriptor> = {}): FieldDescriptor => ({
  name: `f_${type}`,
  type,
  label: `Label ${type}`,
  ...extra,
});

const diff = (f: FieldDescriptor, before: unknown, after: unknown) => {
  const { Diff } = kindFor(f);
  return renderToStaticMarkup(<Diff field={f} before={before} after={after} />);
};

describe('diff views in the registry', () => {
  it.each(Object.keys(fieldRegistry))('%s has a diff view that marks the old value removed and the new added', (type) => {
    const samples: Record<string, [unknown, unknown]> = {
      boolean: [false, true],
      integer: [1, 2],
      number: [1.5, 2.5],
      json: [{ a: 1 }, { a: 2 }],
      strings: [['x'], ['y']],
      relation: [1, 2],
      datetime: ['2027-01-01T10:00:00.000Z', '2027-02-01T10:00:00.000Z'],
    };
    const [before, after] = samples[type] ?? ['old value', 'new value'];
    const html = diff(field(type, type === 'enum' ? { values: ['a'] } : {}), before, after);
    expect(html).toContain('<del>');
    expect(html).toContain('<ins>');
  });

  it('shows rich text as words, without markup, and escapes what it shows', () => {
    const html = diff(field('richtext'), '<p>Hello <b>old</b></p>', '<p>Hello <script>x</script>new</p>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/<del><span class="sr-only">removed: <\/span>old<\/del>/);
  });

  it('shows many-relations and lists item by item', () => {
    const html = diff(field('relation', { many: true }), [1, 2], [2, 3]);
    expect(html).toContain('removed: </span>#1');
    expect(html).toContain('added: </span>#3');
    expect(html).toContain('<li>#2</li>');
  });

  it('names an empty side', () => {
    expect(diff(field('string'), null, 'x')).toContain('added: </span>x');
    expect(diff(field('integer'), null, 3)).toContain('(empty)');
  });
});

describe('editor helpers', () => {
  it('names a JSON problem as it is typed, and accepts empty or valid JSON', () => {
    expect(jsonProblem('')).toBeNull();
    expect(jsonProblem('{"a": [1, 2]}')).toBeNull();
    expect(jsonProblem('{"a":')).toBeTruthy();
  });

  it('stores a media asset as its library path', () => {
    expect(mediaValue({ key: 'ab/cd.png' })).toBe('/media/ab/cd.png');
  });
});
