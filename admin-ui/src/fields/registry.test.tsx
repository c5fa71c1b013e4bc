import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { FieldDescriptor } from '../api/missing-paths';
import { conversionFor, conversions, dataToForm, formToData, toLocalInput } from './conversions';
import { fieldRegistry, kindFor } from './registry';

/** Every field type a descriptor may declare (core FieldType), plus the ones the issue names. */
const FIELD_TYPES = [
  'string', 'text', 'richtext', 'email', 'url', 'integer', 'number', 'boolean', 'datetime', 'date', 'enum', 'json',
  'strings', 'media', 'relation',
];

const field = (type: string, extra: Partial<FieldDescriptor> = {}): FieldDescriptor => ({
  name: `f_${type}`,
  type,
  label: `Label ${type}`,
  ...extra,
});

const render = (node: React.ReactNode) =>
  renderToStaticMarkup(<QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>);

describe('field registry', () => {
  it.each(FIELD_TYPES)('maps %s to an input with its label, a list cell and a conversion', (type) => {
    const f = field(type, type === 'enum' ? { values: ['a', 'b'] } : type === 'relation' ? { to: 'event' } : {});
    expect(fieldRegistry[type]).toBeDefined();
    expect(conversions[type]).toBeDefined();
    const { Input, Cell } = kindFor(f);
    const state = conversionFor(f).toForm(null, f);
    const html = render(<Input field={f} value={state} onChange={() => {}} />);
    expect(html).toContain(`Label ${type}`);
    expect(() => render(<Cell field={f} value={null} />)).not.toThrow();
  });

  it('shows a server message at its field, marked invalid', () => {
    const f = field('string', { required: true });
    const { Input } = kindFor(f);
    const html = render(<Input field={f} value="" onChange={() => {}} error="is required" />);
    expect(html).toContain('is required');
    expect(html).toContain('aria-invalid="true"');
  });

  it('falls back to the JSON editor for a type it does not know', () => {
    expect(kindFor(field('geo'))).toBe(fieldRegistry.json);
  });

  it('renders cells as text, never as markup', () => {
    const html = render(kindFor(field('richtext')).Cell({ field: field('richtext'), value: '<p>Hello <b>world</b></p>' }));
    expect(html).toBe('Hello world');
    expect(render(kindFor(field('boolean')).Cell({ field: field('boolean'), value: true }))).toBe('Yes');
    expect(render(kindFor(field('relation')).Cell({ field: field('relation'), value: [1, 2, 3] }))).toBe('3 linked');
  });
});

describe('value conversions', () => {
  const back = (type: string, state: unknown, extra: Partial<FieldDescriptor> = {}) =>
    conversions[type]!.fromForm(state, field(type, extra));

  it('turns empty inputs into null', () => {
    for (const type of ['string', 'text', 'integer', 'number', 'datetime', 'json', 'strings', 'enum', 'media']) {
      expect(back(type, '')).toEqual({ ok: true, value: null });
    }
  });

  it('parses numbers strictly', () => {
    expect(back('integer', ' 42 ')).toEqual({ ok: true, value: 42 });
    expect(back('integer', '4.2')).toEqual({ ok: false, error: 'must be a whole number' });
    expect(back('integer', '99999999999999999999')).toEqual({ ok: false, error: 'must be a whole number' });
    expect(back('number', '4.25')).toEqual({ ok: true, value: 4.25 });
    expect(back('number', 'four')).toEqual({ ok: false, error: 'must be a number' });
  });

  it('round-trips datetimes through the browser time zone', () => {
    const iso = '2025-03-01T18:00:00.000Z';
    const local = toLocalInput(iso);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(back('datetime', local)).toEqual({ ok: true, value: iso });
  });

  it('parses JSON and names invalid JSON', () => {
    expect(back('json', '{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(back('json', '{a:')).toEqual({ ok: false, error: 'is not valid JSON' });
    expect(conversions.json!.toForm({ a: 1 }, field('json'))).toBe('{\n  "a": 1\n}');
  });

  it('keeps a list of strings one per line, dropping blank lines', () => {
    expect(conversions.strings!.toForm(['a', 'b'], field('strings'))).toBe('a\nb');
    expect(back('strings', ' a \n\n b ')).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('keeps booleans as booleans and relations as ids', () => {
    expect(back('boolean', true)).toEqual({ ok: true, value: true });
    expect(back('boolean', false)).toEqual({ ok: true, value: false });
    expect(back('relation', '7', { to: 'event' })).toEqual({ ok: true, value: 7 });
    expect(back('relation', ['3', '5'], { to: 'event', many: true })).toEqual({ ok: true, value: [3, 5] });
    expect(back('relation', [], { to: 'event', many: true })).toEqual({ ok: true, value: null });
    expect(conversions.relation!.toForm([3, 5], field('relation', { many: true }))).toEqual(['3', '5']);
  });

  it('builds a document from the form and names every field that cannot convert', () => {
    const fields = [field('string'), field('integer'), field('json')];
    const state = dataToForm(fields, { f_string: 'x', f_integer: 3, f_json: null });
    expect(formToData(fields, state)).toEqual({ data: { f_string: 'x', f_integer: 3, f_json: null }, errors: {} });
    expect(formToData(fields, { ...state, f_integer: 'x', f_json: '[' }).errors).toEqual({
      f_integer: 'must be a whole number',
      f_json: 'is not valid JSON',
    });
  });

  it('starts a new document from the descriptor defaults', () => {
    const fields = [field('enum', { values: ['a', 'b'], default: 'b' }), field('integer', { default: 0 })];
    expect(dataToForm(fields, null)).toEqual({ f_enum: 'b', f_integer: '0' });
  });
});
