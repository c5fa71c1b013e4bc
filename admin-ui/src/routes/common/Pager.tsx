export interface Pagination {
  page: number;
  pageCount: number;
  total: number;
}

/** Previous / next for a paged list; the page itself lives in the URL. */
export function Pager({ pagination, noun, onPage }: { pagination?: Pagination | undefined; noun: string; onPage: (page: number) => void }) {
  if (!pagination) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="secondary" disabled={pagination.page <= 1} onClick={() => onPage(pagination.page - 1)}>
        Previous
      </button>
      <span>
        Page {pagination.page} of {Math.max(1, pagination.pageCount)} · {pagination.total} {noun}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={pagination.page >= pagination.pageCount}
        onClick={() => onPage(pagination.page + 1)}
      >
        Next
      </button>
    </nav>
  );
}
