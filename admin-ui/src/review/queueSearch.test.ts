import { describe, expect, it } from 'vitest';
import { finalStates, parseQueueSearch, queueApiQuery, shownState, takesPart, workflowStates, type Workflow } from './queueSearch';

const student: Workflow = {
  type: 'student_application',
  field: 'status',
  steps: [
    { from: 'pending', to: 'approved', roles: ['editor'], fields: [], required: [] },
    { from: 'pending', to: 'rejected', roles: ['editor'], fields: [], required: [] },
  ],
};
const accelerator: Workflow = {
  type: 'accelerator_application',
  field: 'status',
  steps: [
    { from: 'submitted', to: 'reviewing', roles: ['expert', 'mentor'], fields: [], required: [] },
    { from: 'reviewing', to: 'approved', roles: [], fields: ['funding_amount'], required: ['funding_amount'] },
    { from: 'reviewing', to: 'rejected', roles: [], fields: [], required: [] },
  ],
};
const all = () => true;

describe('queue search in the URL', () => {
  it('keeps what is valid and drops the rest', () => {
    expect(parseQueueSearch({})).toEqual({ sort: 'oldest', page: 1 });
    expect(parseQueueSearch({ state: 'reviewing', q: ' ada ', sort: 'score', page: '3' })).toEqual({
      state: 'reviewing',
      q: 'ada',
      sort: 'score',
      page: 3,
    });
    expect(parseQueueSearch({ state: 'DROP TABLE', sort: 'sideways', page: '-2', q: '   ' })).toEqual({ sort: 'oldest', page: 1 });
  });
});

describe('queue filters', () => {
  it('lists the states in step order and knows the final ones', () => {
    expect(workflowStates(accelerator)).toEqual(['submitted', 'reviewing', 'approved', 'rejected']);
    expect(finalStates(accelerator)).toEqual(['approved', 'rejected']);
  });

  it('shows the waiting state by default, a named one, or all', () => {
    expect(shownState(parseQueueSearch({}), student)).toBe('pending');
    expect(shownState(parseQueueSearch({ state: 'approved' }), student)).toBe('approved');
    expect(shownState(parseQueueSearch({ state: 'nonsense' }), student)).toBe('pending');
    expect(shownState(parseQueueSearch({ state: 'all' }), student)).toBeUndefined();
  });

  it('builds the content list query: state filter, search, oldest first', () => {
    expect(queueApiQuery(parseQueueSearch({ q: 'ada' }), student, 'email', all)).toEqual({
      page: 1,
      pageSize: 50,
      sort: 'created_at',
      'filter[status]': 'pending',
      'filter[email][contains]': 'ada',
    });
    expect(queueApiQuery(parseQueueSearch({ state: 'all', sort: 'newest' }), student, undefined, all)).toEqual({
      page: 1,
      pageSize: 50,
      sort: '-created_at',
    });
  });

  it('sorts by score only where the type can', () => {
    const search = parseQueueSearch({ sort: 'score', state: 'reviewing' });
    expect(queueApiQuery(search, accelerator, undefined, (f) => f === 'total_score').sort).toBe('-total_score');
    expect(queueApiQuery(search, student, undefined, () => false).sort).toBe('created_at');
  });

  it('shows a workflow to the roles its steps name, and to admins', () => {
    expect(takesPart(accelerator, 'expert')).toBe(true);
    expect(takesPart(accelerator, 'editor')).toBe(false);
    expect(takesPart(student, 'editor')).toBe(true);
    expect(takesPart(student, 'admin')).toBe(true);
  });
});
