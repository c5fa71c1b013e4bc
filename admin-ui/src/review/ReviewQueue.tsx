import { useQuery } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { unwrap } from '../api/client';
import { documentTitle, humanize, searchField } from '../api/queries';
import { reviewApi } from '../api/review-paths';
import { useSession } from '../session/SessionContext';
import { Forbidden } from '../routes/Forbidden';
import { usePageTitle } from '../routes/usePageTitle';
import { useDescriptor, useQueue, useWorkflows } from './hooks';
import { KeyHelp } from './KeyHelp';
import { QUEUE_PAGE_SIZE, shownState, takesPart, workflowStates, type QueueSearch, type QueueSort } from './queueSearch';
import { QUEUE_KEYS, queueCommand } from './triage';
import './review.css';

const route = getRouteApi('/review/$type');
export const RANKING_ROUTE = 'GET /admin/v1/accelerator/ranking';

/** A workflow's queue: filter by state, search, sort (oldest first by default), and keyboard triage. */
export function ReviewQueue() {
  const { type } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const workflows = useWorkflows(session.can('workflows'));
  const workflow = workflows.data?.find((w) => w.type === type);
  const descriptor = useDescriptor(type, !!workflow);
  const queue = useQueue(type, search, workflow, descriptor.data);
  const [q, setQ] = useState(search.q ?? '');
  const [help, setHelp] = useState(false);
  const links = useRef<(HTMLAnchorElement | null)[]>([]);
  const searchBox = useRef<HTMLInputElement>(null);
  usePageTitle(descriptor.data ? `${descriptor.data.label} queue` : 'Review');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (help) return;
      const command = queueCommand(event);
      if (!command) return;
      event.preventDefault();
      if (command === 'help') return setHelp(true);
      if (command === 'search') return searchBox.current?.focus();
      const rows = links.current.filter((l): l is HTMLAnchorElement => !!l);
      if (rows.length === 0) return;
      const at = rows.findIndex((l) => l === document.activeElement);
      const next = at < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, at + (command === 'next' ? 1 : -1)));
      rows[next]!.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [help]);

  if (!session.can('workflows')) return <Forbidden />;
  if (workflows.isPending) return <p role="status">Loading…</p>;
  const role = session.state.status === 'signed-in' ? session.state.info.role : '';
  if (!workflow) return <h1>No workflow for “{type}”</h1>;
  if (!takesPart(workflow, role)) return <Forbidden />;
  if (descriptor.error) return <p role="alert">{descriptor.error.message}</p>;
  if (!descriptor.data) return <p role="status">Loading…</p>;

  const update = (change: Partial<QueueSearch>) =>
    void navigate({ search: (prev: QueueSearch) => ({ ...prev, page: 1, ...change }) });
  const state = shownState(search, workflow);
  const scored = descriptor.data.fields.some((f) => f.name === 'total_score');
  const searchable = searchField(descriptor.data);
  const pagination = queue.data?.pagination;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ q: q || undefined });
  };

  return (
    <>
      <div className="page-head">
        <h1>{descriptor.data.label} queue</h1>
        <button type="button" className="secondary" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
        </button>
      </div>
      <div className="toolbar">
        <label className="inline">
          State
          <select value={search.state === 'all' ? 'all' : state} onChange={(e) => update({ state: e.target.value })}>
            {workflowStates(workflow).map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
            <option value="all">All states</option>
          </select>
        </label>
        <label className="inline">
          Order
          <select value={search.sort} onChange={(e) => update({ sort: e.target.value as QueueSort })}>
            <option value="oldest">Waiting longest first</option>
            <option value="newest">Newest first</option>
            {scored && <option value="score">Highest score first</option>}
          </select>
        </label>
        {searchable && (
          <form role="search" onSubmit={submit} className="inline">
            <label htmlFor="queue-search">Search {searchable.label}</label>
            <input id="queue-search" ref={searchBox} value={q} onChange={(e) => setQ(e.target.value)} aria-keyshortcuts="/" />
            <button type="submit">Search</button>
          </form>
        )}
      </div>
      {queue.error && <p role="alert">{queue.error.message}</p>}
      <p role="status" className="muted">
        {queue.isPending
          ? 'Loading…'
          : `${pagination?.total ?? queue.data?.items.length ?? 0} ${state ? humanize(state).toLowerCase() : 'in all states'}`}
      </p>
      <table className="list queue">
        <caption className="sr-only">Items in the queue; j and k move, Enter opens</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">State</th>
            <th scope="col">Received</th>
            {scored && <th scope="col">Total score</th>}
          </tr>
        </thead>
        <tbody>
          {queue.data?.items.map((doc, i) => (
            <tr key={doc.id}>
              <td>
                <Link
                  to="/review/$type/$id"
                  params={{ type, id: String(doc.id) }}
                  search={search}
                  ref={(el: HTMLAnchorElement | null) => {
                    links.current[i] = el;
                  }}
                >
                  {documentTitle(descriptor.data, doc)}
                </Link>
              </td>
              <td>
                <span className={`badge state-${String(doc.data[workflow.field])}`}>
                  {humanize(String(doc.data[workflow.field] ?? ''))}
                </span>
              </td>
              <td>{new Date(doc.created_at).toLocaleString()}</td>
              {scored && <td>{doc.data.total_score == null ? '—' : String(doc.data.total_score)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {queue.data?.items.length === 0 && <p>Nothing waiting here.</p>}
      {pagination && pagination.pageCount > 1 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={search.page <= 1} onClick={() => update({ page: search.page - 1 })}>
            Previous
          </button>
          <span>
            Page {search.page} of {pagination.pageCount} ({QUEUE_PAGE_SIZE} per page)
          </span>
          <button
            type="button"
            disabled={search.page >= pagination.pageCount}
            onClick={() => update({ page: search.page + 1 })}
          >
            Next
          </button>
        </nav>
      )}
      {type === 'accelerator_application' && session.mayCall(RANKING_ROUTE) && <Ranking />}
      <KeyHelp keys={QUEUE_KEYS} isOpen={help} onOpenChange={setHelp} />
    </>
  );
}

/** Accelerator applications by weighted total (the scoring plugin's ranking). */
function Ranking() {
  const ranking = useQuery({
    queryKey: ['ranking'],
    queryFn: async () => unwrap(await reviewApi.GET('/admin/v1/accelerator/ranking', { params: { query: {} } })),
  });
  return (
    <section className="box" aria-labelledby="ranking">
      <h2 id="ranking">Ranking</h2>
      {ranking.error && <p role="alert">{ranking.error.message}</p>}
      <table className="list compact">
        <caption className="sr-only">Accelerator applications by total score</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Team</th>
            <th scope="col">Project</th>
            <th scope="col">State</th>
            <th scope="col">Total</th>
            <th scope="col">Reviews</th>
            <th scope="col">Funding</th>
          </tr>
        </thead>
        <tbody>
          {ranking.data?.map((r) => (
            <tr key={r.id}>
              <td>{r.rank ?? '—'}</td>
              <td>
                <Link
                  to="/review/$type/$id"
                  params={{ type: 'accelerator_application', id: String(r.id) }}
                  search={{ sort: 'score', state: 'all', page: 1 }}
                >
                  {r.team_name}
                </Link>
              </td>
              <td>{r.project_title}</td>
              <td>
                <span className={`badge state-${r.status}`}>{humanize(r.status)}</span>
              </td>
              <td>{r.total_score ?? '—'}</td>
              <td>{r.reviews}</td>
              <td>{r.funding_amount ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
