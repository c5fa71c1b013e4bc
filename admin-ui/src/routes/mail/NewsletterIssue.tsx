import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../session/SessionContext';
import { ConfirmButton } from '../common/Confirm';
import { Pager } from '../common/Pager';
import { formatTime } from '../common/format';
import { paged } from '../common/paged';
import { MAIL_STATUSES } from '../common/searches';
import { MailPage } from './MailPage';
import { issueProgress, type Issue } from './issueProgress';

const route = getRouteApi('/mail/newsletter/$id');

interface Recipient {
  subscriber_id: number;
  email: string;
  mail_id: number;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
}

/** One issue: its text, send (after a confirmation), progress while it goes out, and each recipient's mail status. */
export function NewsletterIssue() {
  const id = Number(route.useParams().id);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const queryClient = useQueryClient();
  const issue = useQuery({
    queryKey: ['newsletter', 'issue', id],
    queryFn: async () => unwrap(await api.GET('/admin/v1/newsletter/issues/{id}', { params: { path: { id } } })) as unknown as Issue,
    // while it goes out (and until every recipient's mail has left the queue)
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && data.status !== 'draft' && !issueProgress(data).over ? 1000 : false;
    },
  });
  const progressNow = issue.data ? issueProgress(issue.data) : undefined;
  const sending = issue.data !== undefined && issue.data.status !== 'draft' && !progressNow?.over;
  const recipients = useQuery({
    // keyed by the progress too: the last change of the counts brings the last change of the rows
    queryKey: ['newsletter', 'issue', id, 'recipients', search, progressNow?.done, progressNow?.failed, progressNow?.over],
    enabled: session.can('subscribers') && issue.data !== undefined && issue.data.status !== 'draft',
    placeholderData: keepPreviousData,
    refetchInterval: sending ? 1000 : false,
    queryFn: async () =>
      paged<Recipient>(
        await api.GET('/admin/v1/newsletter/issues/{id}/recipients', {
          params: { path: { id }, query: { status: search.status, page: search.page, pageSize: 25 } },
        }),
      ),
  });
  const send = useMutation({
    mutationFn: async () => unwrap(await api.POST('/admin/v1/newsletter/issues/{id}/send', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['newsletter'] }),
  });
  const data = issue.data;
  const progress = progressNow;
  return (
    <MailPage title={data ? data.subject : 'Newsletter issue'} permission="newsletter">
      <p>
        <Link to="/mail/newsletter" search={{ page: 1 }}>
          All issues
        </Link>
      </p>
      {issue.error && <p role="alert" className="alert">{issue.error.message}</p>}
      {data && progress && (
        <>
          <p>
            <span className={`badge issue-${data.status}`} data-testid="issue-status">
              {data.status}
            </span>{' '}
            <span className="muted">
              written {formatTime(data.created_at)}
              {data.created_by ? ` by ${data.created_by}` : ''}
              {data.sent_at ? `, sent ${formatTime(data.sent_at)}` : ''}
            </span>
          </p>
          <pre className="mail-body" tabIndex={0} aria-label="The issue's text">
            {data.text}
          </pre>
          {data.status === 'draft' && (
            <ConfirmButton
              className="primary"
              label="Send…"
              title={`Send “${data.subject}”?`}
              confirmLabel={`Send to ${progress.total}`}
              onConfirm={() => send.mutate()}
              isDisabled={send.isPending}
            >
              It goes to every confirmed subscriber ({progress.total} now). Sending cannot be stopped or undone.
            </ConfirmButton>
          )}
          {send.error && <p role="alert" className="alert">{send.error.message}</p>}
          <section className="panel" aria-labelledby="progress-head">
            <h2 id="progress-head">Progress</h2>
            <progress
              max={Math.max(progress.total, 1)}
              value={progress.done + progress.failed}
              aria-label="Sending progress"
              aria-valuetext={progress.text}
            />
            <p role="status" data-testid="issue-progress">
              {progress.text}
            </p>
            <dl className="facts">
              {Object.entries(data.mail).map(([status, count]) => (
                <div key={status} className="fact">
                  <dt>{status}</dt>
                  <dd>{count}</dd>
                </div>
              ))}
            </dl>
          </section>
          {session.can('subscribers') && data.status !== 'draft' && (
            <>
              <h2>Recipients</h2>
              <div className="toolbar">
                <label className="inline">
                  Mail status
                  <select
                    value={search.status ?? ''}
                    onChange={(e) =>
                      void navigate({ search: { page: 1, status: (e.target.value || undefined) as (typeof MAIL_STATUSES)[number] | undefined } })
                    }
                  >
                    <option value="">all</option>
                    {MAIL_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <table className="list">
                <caption className="sr-only">Recipients and the status of their mail</caption>
                <thead>
                  <tr>
                    <th scope="col">E-mail</th>
                    <th scope="col">Mail status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Sent</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {(recipients.data?.items ?? []).map((r) => (
                    <tr key={r.subscriber_id} data-testid={`recipient-${r.email}`}>
                      <td>{session.can('mail') ? <Link to="/mail/log/$id" params={{ id: String(r.mail_id) }}>{r.email}</Link> : r.email}</td>
                      <td>
                        <span className={`badge mail-${r.status}`}>{r.status}</span>
                      </td>
                      <td>{r.attempts}</td>
                      <td>{formatTime(r.sent_at)}</td>
                      <td className="error-cell">{r.last_error}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                pagination={recipients.data?.pagination}
                noun="recipients"
                onPage={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })}
              />
            </>
          )}
        </>
      )}
    </MailPage>
  );
}
