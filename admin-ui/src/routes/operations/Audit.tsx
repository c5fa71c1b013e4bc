import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { type FormEvent } from 'react';
import { api } from '../../api/client';
import { Pager } from '../common/Pager';
import { formatTime, textOf } from '../common/format';
import { paged } from '../common/paged';
import { OperationsPage } from './OperationsPage';

const route = getRouteApi('/operations/audit');

interface AuditEntry {
  id: number;
  actor: string;
  method: string;
  path: string;
  status: number;
  entity_type: string | null;
  entity_id: number | null;
  before: unknown;
  after: unknown;
  created_at: string;
}

/** The audit log, newest first, filtered by who acted and on what; the filters are in the URL. */
export function Audit() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const entries = useQuery({
    queryKey: ['audit', search],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      paged<AuditEntry>(await api.GET('/admin/v1/audit', { params: { query: { ...search, pageSize: 25 } } })),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const id = String(form.get('entity_id') ?? '').trim();
    void navigate({
      search: {
        page: 1,
        actor: textOf(form.get('actor')),
        entity_type: textOf(form.get('entity_type')),
        entity_id: /^\d+$/.test(id) ? Number(id) : undefined,
      },
    });
  };
  return (
    <OperationsPage title="Audit log" permission="audit">
      <form className="toolbar" onSubmit={submit} aria-label="Filter the audit log" key={JSON.stringify(search)}>
        <div className="field">
          <label htmlFor="audit-actor">Actor</label>
          <input id="audit-actor" name="actor" defaultValue={search.actor ?? ''} placeholder="user:3 or token:2" />
        </div>
        <div className="field">
          <label htmlFor="audit-type">Type</label>
          <input id="audit-type" name="entity_type" defaultValue={search.entity_type ?? ''} placeholder="project" />
        </div>
        <div className="field">
          <label htmlFor="audit-id">Id</label>
          <input id="audit-id" name="entity_id" inputMode="numeric" defaultValue={search.entity_id ?? ''} size={8} />
        </div>
        <button type="submit" className="primary">
          Filter
        </button>
        <Link to="/operations/audit" search={{ page: 1 }} className="button secondary">
          Clear
        </Link>
      </form>
      {entries.error && <p role="alert" className="alert">{entries.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Request</th>
            <th scope="col">Answer</th>
            <th scope="col">Acted on</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {(entries.data?.items ?? []).map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.created_at)}</td>
              <td>
                <button type="button" className="link" onClick={() => void navigate({ search: { page: 1, actor: e.actor } })}>
                  {e.actor}
                </button>
              </td>
              <td>
                <code>
                  {e.method} {e.path}
                </code>
              </td>
              <td>{e.status}</td>
              <td>{e.entity_type ? `${e.entity_type}${e.entity_id ? ` #${e.entity_id}` : ''}` : ''}</td>
              <td>
                {(e.before != null || e.after != null) && (
                  <details>
                    <summary>Before and after</summary>
                    <pre className="json">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.data?.items.length === 0 && <p className="muted">No entries match.</p>}
      <Pager pagination={entries.data?.pagination} noun="entries" onPage={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })} />
    </OperationsPage>
  );
}
