import { describe, expect, it } from 'vitest';
import { parseAuditSearch, parseJobsSearch, parseMediaSearch, parseUsersSearch } from './searches';
import { MAIL, OPERATIONS, allowedSections } from './sections';
import { formatBytes } from './format';

describe('allowedSections', () => {
  it('shows an editor the audit log and the search index, nothing of the admins’ operations', () => {
    const editor = new Set(['content', 'newsletter', 'audit', 'workflows', 'media', 'analytics']);
    expect(allowedSections(OPERATIONS, (p) => editor.has(p)).map((s) => s.label)).toEqual(['Audit log', 'Search index']);
    expect(allowedSections(MAIL, (p) => editor.has(p)).map((s) => s.label)).toEqual(['Newsletter']);
  });

  it('shows a reviewer nothing', () => {
    expect(allowedSections([...OPERATIONS, ...MAIL], (p) => p === 'workflows')).toEqual([]);
  });
});

describe('URL state', () => {
  it('keeps only values the server takes', () => {
    expect(parseJobsSearch({ page: '2', status: 'dead' })).toEqual({ page: 2, status: 'dead' });
    expect(parseJobsSearch({ page: '-1', status: 'lost' })).toEqual({ page: 1, status: undefined });
    expect(parseAuditSearch({ actor: ' user:3 ', entity_id: '12x' })).toEqual({ page: 1, actor: 'user:3', entity_type: undefined, entity_id: undefined });
    expect(parseAuditSearch({ entity_id: '12' }).entity_id).toBe(12);
    expect(parseMediaSearch({ kind: 'image', q: '' })).toEqual({ page: 1, kind: 'image', q: undefined });
    expect(parseUsersSearch({ page: '3', q: ' ana ', role: 'editor' })).toEqual({ page: 3, q: 'ana', role: 'editor' });
    expect(parseUsersSearch({ page: 'x', role: '' })).toEqual({ page: 1, q: undefined, role: undefined });
  });
});

describe('formatBytes', () => {
  it('reads like people write sizes', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(4300)).toBe('4.2 KB');
    expect(formatBytes(13 * 1024 * 1024)).toBe('13 MB');
  });
});
