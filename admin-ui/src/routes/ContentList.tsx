import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { bulkReport, parseColumns, runBulk } from '../editing/bulk';
import '../editing/editing.css';
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

/** The fields a list may show as columns: every field but the title (always shown) and long texts. */
function choosable(type: TypeDescriptor) {
  const title = titleField(type);
  return type.fields.filter((f) => f !== title && f.type !== 'text' && f.type !== 'richtext');
}

/** The columns a list shows: the ones chosen in the URL, else up to three short fields. */
function columns(type: TypeDescriptor, cols: string | undefined) {
  const all = choosable(type);
  const chosen = parseColumns(cols, all.map((f) => f.name));
  if (chosen) return all.filter((f) => chosen.includes(f.name));
  return all.filter((f) => LIST_CELL_TYPES.has(f.type)).slice(0, 3);
}

type BulkAction = 'publish' | 'unpublish' | 'delete';
const BULK_VERBS: Record<BulkAction, string> = { publish: 'Published', unpublish: 'Unpublished', delete: 'Deleted' };

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
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [bulkMessage, setBulkMessage] = useState<string | null>(null);
  const queryClient = useQueryClient();

  if (!session.can('content')) return <Forbidden />;
  if (types.isPending) return <p role="status">Loading…</p>;
  if (!type) return <h1>No content type “{typeName}”</h1>;

  const update = (change: Partial<ListSearch>) =>
    void navigate({ search: (prev: ListSearch) => ({ ...prev, page: 1, ...change }) });
  const title = titleField(type);
  const shown = columns(type, search.cols);
  const toggleColumn = (name: string, on: boolean) => {
    const names = new Set(shown.map((f) => f.name));
    if (on) names.add(name);
    else names.delete(name);
    void navigate({ search: (prev: ListSearch) => ({ ...prev, cols: [...names].join(',') }) });
  };
  const pageIds = list.data?.documents.map((d) => d.id) ?? [];
  const chosen = pageIds.filter((id) => selected.has(id));
  const toggle = (id: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const bulk = async (action: BulkAction) => {
    if (action === 'delete' && !window.confirm(`Delete ${chosen.length} documents? This cannot be undone.`)) return;
    setBulkBusy(true);
    setBulkMessage(null);
    const path = (id: number) => ({ params: { path: { type: typeName, id } } });
    const result = await runBulk(chosen, async (id) =>
      unwrap(
        action === 'publish'
          ? await api.POST('/admin/v1/content/{type}/{id}/publish', path(id))
          : action === 'unpublish'
            ? await api.POST('/admin/v1/content/{type}/{id}/unpublish', path(id))
            : await api.DELETE('/admin/v1/content/{type}/{id}', path(id)),
      ),
    );
    setBulkMessage(bulkReport(BULK_VERBS[action], chosen.length, result));
    setSelected(new Set(result.failed.map((f) => f.id)));
    setBulkBusy(false);
    await queryClient.invalidateQueries({ queryKey: ['content', typeName] });
  };
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
      <details className="columns">
        <summary>Columns</summary>
        <fieldset className="columns-choice">
          <legend>Show columns</legend>
          {choosable(type).map((f) => (
            <label key={f.name} className="inline">
              <input
                type="checkbox"
                checked={shown.some((c) => c.name === f.name)}
                onChange={(e) => toggleColumn(f.name, e.target.checked)}
              />
              {f.label}
            </label>
          ))}
        </fieldset>
      </details>
      {(chosen.length > 0 || bulkMessage) && (
        <div className="bulk-bar" role="region" aria-label="Selected documents">
          <span>{chosen.length} selected</span>
          {type.kind !== 'submission' && (
            <>
              <button type="button" className="secondary" disabled={bulkBusy || !chosen.length} onClick={() => void bulk('publish')}>
                Publish selected
              </button>
              <button type="button" className="secondary" disabled={bulkBusy || !chosen.length} onClick={() => void bulk('unpublish')}>
                Unpublish selected
              </button>
            </>
          )}
          <button type="button" className="secondary" disabled={bulkBusy || !chosen.length} onClick={() => void bulk('delete')}>
            Delete selected
          </button>
          <span role="status">{bulkBusy ? 'Working…' : bulkMessage}</span>
        </div>
      )}
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
            <th scope="col">
              <label className="inline">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={pageIds.length > 0 && chosen.length === pageIds.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(pageIds) : new Set())}
                />
                All
              </label>
            </th>
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
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${documentTitle(type, doc)}`}
                  checked={selected.has(doc.id)}
                  onChange={(e) => toggle(doc.id, e.target.checked)}
                />
              </td>
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
              <td colSpan={shown.length + 5}>No documents match.</td>
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
