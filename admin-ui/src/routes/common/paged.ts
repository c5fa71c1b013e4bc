import { unwrap } from '../../api/client';
import type { Pagination } from './Pager';

/** A page of a list answer: its items (typed by the caller, who knows the resource) and the pagination. */
export function paged<T>(result: { data?: unknown; error?: unknown; response: Response }): {
  items: T[];
  pagination: Pagination | undefined;
} {
  const items = unwrap(result as { data?: { data: T[] }; error?: unknown; response: Response });
  const meta = (result.data as { meta?: { pagination?: Pagination } } | undefined)?.meta;
  return { items, pagination: meta?.pagination };
}
