import type { ListQuery } from '../api/missing-paths';

/** A workflow as GET /admin/v1/workflows describes it. */
export interface WorkflowStep {
  from: string;
  to: string;
  roles: string[];
  fields: string[];
  required: string[];
}
export interface Workflow {
  type: string;
  field: string;
  steps: WorkflowStep[];
}

/** A queue's state in the URL: `/review/student_application?state=pending&q=ada&sort=oldest&page=2`. */
export interface QueueSearch {
  /** A workflow state, or `all`; missing means the state new items start in. */
  state?: string;
  q?: string;
  sort: QueueSort;
  page: number;
}

export const QUEUE_SORTS = { oldest: 'created_at', newest: '-created_at', score: '-total_score' } as const;
export type QueueSort = keyof typeof QUEUE_SORTS;
export const QUEUE_PAGE_SIZE = 50;

export function parseQueueSearch(raw: Record<string, unknown>): QueueSearch {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : undefined);
  const page = Number(raw.page);
  const sort = text(raw.sort);
  const state = text(raw.state);
  const q = text(raw.q);
  return {
    ...(state && /^[a-z][a-z0-9_]*$/.test(state) ? { state } : {}),
    ...(q ? { q } : {}),
    sort: sort && sort in QUEUE_SORTS ? (sort as QueueSort) : 'oldest',
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The workflow's states in the order its steps name them; the first is where new items start. */
export function workflowStates(workflow: Workflow): string[] {
  const states: string[] = [];
  for (const step of workflow.steps) {
    for (const state of [step.from, step.to]) if (!states.includes(state)) states.push(state);
  }
  return states;
}

/** States no step leaves: decided items. */
export function finalStates(workflow: Workflow): string[] {
  return workflowStates(workflow).filter((s) => !workflow.steps.some((step) => step.from === s));
}

/** The state a queue shows: the one asked for, else the first (waiting) state. */
export function shownState(search: QueueSearch, workflow: Workflow): string | undefined {
  if (search.state === 'all') return undefined;
  const states = workflowStates(workflow);
  return search.state && states.includes(search.state) ? search.state : states[0];
}

/**
 * The content list query of a queue: the workflow field filtered to the state, search as `contains` on a text field
 * (when the type has a filterable one), oldest first by default: whoever waited longest comes first.
 */
export function queueApiQuery(
  search: QueueSearch,
  workflow: Workflow,
  searchField: string | undefined,
  sortable: (field: string) => boolean,
): ListQuery {
  const state = shownState(search, workflow);
  const sort = QUEUE_SORTS[search.sort];
  return {
    page: search.page,
    pageSize: QUEUE_PAGE_SIZE,
    sort: sort === '-total_score' && !sortable('total_score') ? 'created_at' : sort,
    ...(state ? { [`filter[${workflow.field}]`]: state } : {}),
    ...(search.q && searchField ? { [`filter[${searchField}][contains]`]: search.q } : {}),
  };
}

/** Whether a role takes part in a workflow: admins always, others when a step names them. */
export function takesPart(workflow: Workflow, role: string): boolean {
  return role === 'admin' || workflow.steps.some((s) => s.roles.includes(role));
}
