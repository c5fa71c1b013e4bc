/** A content list's state, all in the URL: shareable, and the back button restores it. */
export interface ListSearch {
  page: number;
  pageSize: number;
  sort?: string | undefined;
  status?: 'draft' | 'published' | 'archived' | undefined;
  q?: string | undefined;
  /** the chosen columns, comma-separated field names; absent means the default columns */
  cols?: string | undefined;
}

const PAGE_SIZES = [10, 25, 50, 100];

export function parseListSearch(raw: Record<string, unknown>): ListSearch {
  const page = Number(raw.page);
  const pageSize = Number(raw.pageSize);
  const status = raw.status;
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 25,
    sort: typeof raw.sort === 'string' && /^-?[a-z_][a-z0-9_]*$/.test(raw.sort) ? raw.sort : undefined,
    status: status === 'draft' || status === 'published' || status === 'archived' ? status : undefined,
    q: typeof raw.q === 'string' && raw.q !== '' ? raw.q : undefined,
    cols: typeof raw.cols === 'string' && /^[a-z0-9_,]*$/.test(raw.cols) ? raw.cols : undefined,
  };
}

export { PAGE_SIZES };
