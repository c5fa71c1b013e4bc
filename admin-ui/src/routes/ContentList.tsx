import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { ListQuery, TypeDescriptor } from '../api/missing-paths';
import { documentTitle, searchField, titleField, useTypes } from '../api/queries';
import { kindFor } from '../fields/registry';
import { useSession } from '../session/SessionContext';
import { Forbidden } from './Forbidden';
import { PAGE_SIZES, type ListSearch } from './listSearch';
import { usePageTitle } from './usePageTitle';

const route = getRouteApi('/content/$type');
const LIST_CELL_TYPES = new Set(['string', 'email', 'url', 'integer', 'number', 'boolean', 'datetime', 'date', 'enum', 'strings', 'relation', 'media']);

/** The columns a list shows: the document's title field, then up to three short fields. */
function columns(type: TypeDescriptor) {
  const title = titleField(type);
  return type.fields.filter((f) => f !== title && LIST_CELL_TYPES.has(f.type)).slice(0, 3);
}

function apiQuery(search: ListSearch, type: TypeDescriptor): ListQuery {
  const field = searchField(type);
  return {
    page: search.page,
    pageSize: search.pageSize,
    sort: search.sort ?? '-updated_at',
    status: search.status,
    ...(field && search.q ? { [`filter[${field.name}][contains]`]: search.q } : {}),
  };
}

export function ContentList() {
  const { type: typeName } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const types = useTypes();
  const type = types.data?.find((t) => t.name === typeName);
  usePageTitle(type?.label ?? 'Content');

  const list = useQuery({
    queryKey: ['content', typeName, search],
    enabled: !!type,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const result = await api.GET('/admin/v1/content/{type}', {
        params: { path: { type: typeName }, query: apiQuery(search, type!) },
      });
      return { documents: unwrap(result), pagination: result.data?.meta?.pagination };
    },
  });
  const [q, setQ] = useState(search.q ?? '');

  if (!session.can('content')) return <Forbidden />;
  if (types.isPending) return <p role="status">Loading…</p>;
  if (!type) return <h1>No content type “{typeName}”</h1>;

  const update = (change: Partial<ListSearch>) =>
    void navigate({ search: (prev: ListSearch) => ({ ...prev, page: 1, ...change }) });
  const title = titleField(type);
  const shown = columns(type);
  const sortable = new Set(['id', 'updated_at', 'created_at', ...type.fields.filter((f) => f.sortable).map((f) => f.name)]);
  const currentSort = search.sort ?? '-updated_at';
  const sortHeader = (name: string, label: string) => {
    if (!sortable.has(name)) return <th scope="col">{label}</th>;
    const direction = currentSort === name ? 'ascending' : currentSort === `-${name}` ? 'descending' : 'none';
    return (
      <th scope="col" aria-sort={direction}>
        <button type="button" className="sort" onClick={() => update({ sort: direction === 'ascending' ? `-${name}` : name })}>
          {label} <span aria-hidden="true">{direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}</span>
        </button>
      </th>
    );
  };
  const searchable = searchField(type);
  const pagination = list.data?.pagination;
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: q || undefined });
  };

  return (
    <>
      <div className="page-head">
        <h1>{type.label}</h1>
        {type.kind !== 'submission' && (
          <Link className="button primary" to="/content/$type/new" params={{ type: typeName }}>
            New {type.label}
          </Link>
        )}
      </div>
      <div className="toolbar">
        {searchable && (
          <form role="search" onSubmit={submitSearch} className="inline">
            <label htmlFor="list-search">Search {searchable.label}</label>
            <input id="list-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
            <button type="submit" className="secondary">
              Search
            </button>
          </form>
        )}
        <label className="inline">
          Status
          <select
            value={search.status ?? ''}
            onChange={(e) => update({ status: (e.target.value || undefined) as ListSearch['status'] })}
          >
            <option value="">Any</option>
            <option value="draft">Draft</option>
            <option value="published">Published</option>
            <option value="archived">Archived</option>
          </select>
        </label>
        <label className="inline">
          Per page
          <select value={search.pageSize} onChange={(e) => update({ pageSize: Number(e.target.value) })}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.error && (
        <p role="alert" className="alert">
          {list.error.message}
        </p>
      )}
      <table className="list" aria-busy={list.isFetching}>
        <caption className="sr-only">
          {type.label} documents{pagination ? `, page ${pagination.page} of ${Math.max(1, pagination.pageCount)}` : ''}
        </caption>
        <thead>
          <tr>
            {sortHeader('id', 'Id')}
            {sortHeader(title?.name ?? 'slug', title?.label ?? 'Document')}
            {shown.map((f) => (
              <th key={f.name} scope="col">
                {f.label}
              </th>
            ))}
            <th scope="col">Status</th>
            {sortHeader('updated_at', 'Updated')}
          </tr>
        </thead>
        <tbody>
          {list.data?.documents.map((doc) => (
            <tr key={doc.id}>
              <td>{doc.id}</td>
              <td>
                <Link to="/content/$type/$id" params={{ type: typeName, id: String(doc.id) }}>
                  {documentTitle(type, doc)}
                </Link>
              </td>
              {shown.map((f) => {
                const { Cell } = kindFor(f);
                return (
                  <td key={f.name}>
                    <Cell field={f} value={doc.data[f.name]} />
                  </td>
                );
              })}
              <td>
                <span className={`badge status-${doc.status}`}>{doc.status}</span>
              </td>
              <td>{new Date(doc.updated_at).toLocaleString()}</td>
            </tr>
          ))}
          {list.data?.documents.length === 0 && (
            <tr>
              <td colSpan={shown.length + 4}>No documents match.</td>
            </tr>
          )}
        </tbody>
      </table>
      {pagination && (
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            className="secondary"
            disabled={search.page <= 1}
            onClick={() => update({ page: search.page - 1 })}
          >
            Previous
          </button>
          <span>
            Page {pagination.page} of {Math.max(1, pagination.pageCount)} · {pagination.total}
            {pagination.totalExact === false ? '+' : ''} documents
          </span>
          <button
            type="button"
            className="secondary"
            disabled={search.page >= pagination.pageCount}
            onClick={() => update({ page: search.page + 1 })}
          >
            Next
          </button>
        </nav>
      )}
    </>
  );
}
