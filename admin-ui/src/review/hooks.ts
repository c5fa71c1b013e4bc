import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/client';
import type { AdminDocument, TypeDescriptor } from '../api/missing-paths';
import { searchField, withLabels } from '../api/queries';
import { reviewApi } from '../api/review-paths';
import { queueApiQuery, type QueueSearch, type Workflow } from './queueSearch';

/** The workflows in force (from plugins); they change only with a deploy. */
export function useWorkflows(enabled = true) {
  return useQuery({
    queryKey: ['workflows'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => unwrap(await reviewApi.GET('/admin/v1/workflows')) as Workflow[],
  });
}

/** One type's descriptor: editors read every type, reviewers the types they review. */
export function useDescriptor(type: string, enabled = true) {
  return useQuery({
    queryKey: ['type', type],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      withLabels(
        unwrap(await reviewApi.GET('/admin/v1/types/{type}', { params: { path: { type } } })),
      ),
  });
}

/** One page of a queue; the item screen reads the same cached page to know the neighbours. */
export function useQueue(type: string, search: QueueSearch, workflow?: Workflow, descriptor?: TypeDescriptor) {
  return useQuery({
    queryKey: ['queue', type, search],
    enabled: !!workflow && !!descriptor,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const sortable = (f: string) => !!descriptor!.fields.find((x) => x.name === f && x.sortable);
      const result = await reviewApi.GET('/admin/v1/content/{type}', {
        params: { path: { type }, query: queueApiQuery(search, workflow!, searchField(descriptor!)?.name, sortable) },
      });
      return { items: unwrap(result) as AdminDocument[], pagination: result.data?.meta?.pagination };
    },
  });
}
