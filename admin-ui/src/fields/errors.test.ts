import { describe, expect, it } from 'vitest';
import type { FieldDescriptor } from '../api/missing-paths';
import { mapValidationErrors } from './errors';

const fields: FieldDescriptor[] = [
  { name: 'title', type: 'string', label: 'Title' },
  { name: 'links', type: 'strings', label: 'Links' },
  { name: 'attendees_limit', type: 'integer', label: 'Limit' },
];

describe('422 mapping', () => {
  it('puts each message at its field', () => {
    expect(mapValidationErrors({ title: 'is required', attendees_limit: 'must be at least 1' }, fields)).toEqual({
      fields: { title: 'is required', attendees_limit: 'must be at least 1' },
      general: [],
    });
  });

  it('maps nested keys to their field, keeping where inside it', () => {
    const mapped = mapValidationErrors({ 'links[2]': 'is too long', 'data.title': 'is required' }, fields);
    expect(mapped.fields).toEqual({ links: '[2]: is too long', title: 'is required' });
  });

  it('joins several messages for one field', () => {
    expect(mapValidationErrors({ 'links[0]': 'a', 'links[1]': 'b' }, fields).fields.links).toBe('[0]: a; [1]: b');
  });

  it('sends keys outside the fields to the summary', () => {
    expect(mapValidationErrors({ slug: 'must be unique', version: 'is not the current version' }, fields)).toEqual({
      fields: {},
      general: ['slug must be unique', 'version is not the current version'],
    });
  });
});

describe('descriptor labels', () => {
  it('turns a field name into a label when the descriptor gives none', async () => {
    const { withLabels } = await import('../api/queries');
    const type = withLabels({
      name: 'event', label: 'Event', description: '', kind: 'collection',
      access: { read: 'public', create: 'staff', review: [] },
      fields: [
        { name: 'event_type', type: 'enum', label: 'event_type' },
        { name: 'title', type: 'string', label: 'Headline' },
      ],
    });
    expect(type.fields.map((f) => f.label)).toEqual(['Event type', 'Headline']);
  });
});
