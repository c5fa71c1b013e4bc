import { describe, expect, it } from 'vitest';
import type { FieldDescriptor } from '../api/missing-paths';
import { sections } from './layout';

const field = (name: string, group?: string): FieldDescriptor => ({ name, type: 'string', label: name, ...(group ? { group } : {}) });

describe('sections', () => {
  it('keeps the descriptor order and groups consecutive fields of one group', () => {
    const shown = sections([field('title'), field('starts', 'When'), field('ends', 'When'), field('venue', 'Where'), field('notes')]);
    expect(shown.map((s) => [s.group ?? '', s.fields.map((f) => f.name).join(',')])).toEqual([
      ['', 'title'],
      ['When', 'starts,ends'],
      ['Where', 'venue'],
      ['', 'notes'],
    ]);
  });

  it('starts a new section when a group comes back after others', () => {
    expect(sections([field('a', 'G'), field('b'), field('c', 'G')]).map((s) => s.group ?? '-')).toEqual(['G', '-', 'G']);
  });
});
