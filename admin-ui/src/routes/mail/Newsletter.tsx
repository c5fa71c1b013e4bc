import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, unwrap } from '../../api/client';
import { useSession } from '../../session/SessionContext';
import { Pager } from '../common/Pager';
import { formatTime } from '../common/format';
import { paged } from '../common/paged';
import { SUBSCRIBER_STATUSES } from '../common/searches';
import { MailPage } from './MailPage';
import { issueProgress, type Issue } from './issueProgress';

const route = getRouteApi('/mail/newsletter');

interface Subscriber {
  id: number;
  email: string;
  status: string;
  created_at: string;
  confirmed_at: string | null;
}

/** The newsletter: its issues with their progress, writing a new one, and (for roles that may see them) subscribers. */
export function Newsletter() {
  const session = useSession();
  const search = route.useSearch();
  const navigateHere = route.useNavigate();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ApiProblem>();
  const issues = useQuery({
    queryKey: ['newsletter', 'issues'],
    queryFn: async () => paged<Issue>(await api.GET('/admin/v1/newsletter/issues', { params: { query: { pageSize: 50 } } })),
  });
  const subscribers = useQuery({
    queryKey: ['newsletter', 'subscribers', search],
    enabled: session.can('subscribers'),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      paged<Subscriber>(
        await api.GET('/admin/v1/newsletter/subscribers', { params: { query: { status: search.status, page: search.page, pageSize: 25 } } }),
      ),
  });
  const compose = useMutation({
    mutationFn: async (body: { subject: string; text: string }) =>
      unwrap(await api.POST('/admin/v1/newsletter/issues', { body })) as unknown as Issue,
    onSuccess: (issue) => {
      void queryClient.invalidateQueries({ queryKey: ['newsletter', 'issues'] });
      void navigate({ to: '/mail/newsletter/$id', params: { id: String(issue.id) }, search: { page: 1 } });
    },
    onError: (error) => setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, error.message)),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    compose.mutate({ subject: String(form.get('subject') ?? ''), text: String(form.get('text') ?? '') });
  };
  const details = problem?.details ?? {};
  return (
    <MailPage title="Newsletter" permission="newsletter">
      <h2>Issues</h2>
      {issues.error && <p role="alert" className="alert">{issues.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Issues, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            <th scope="col">Written</th>
          </tr>
        </thead>
        <tbody>
          {(issues.data?.items ?? []).map((issue) => (
            <tr key={issue.id}>
              <td>
                <Link to="/mail/newsletter/$id" params={{ id: String(issue.id) }} search={{ page: 1 }}>
                  {issue.subject}
                </Link>
              </td>
              <td>
                <span className={`badge issue-${issue.status}`}>{issue.status}</span>
              </td>
              <td>{issueProgress(issue).text}</td>
              <td>
                {formatTime(issue.created_at)} {issue.created_by && <span className="muted">by {issue.created_by}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues.data?.items.length === 0 && <p className="muted">No issues yet.</p>}

      <h2>Write an issue</h2>
      {problem && (
        <div role="alert" className="error-summary">
          <h2>{problem.message}</h2>
          <ul>
            {Object.entries(details).map(([field, message]) => (
              <li key={field}>
                {field === 'text' ? 'Text' : 'Subject'} {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="editor" onSubmit={submit}>
        <div className="field">
          <label htmlFor="issue-subject">Subject</label>
          <input id="issue-subject" name="subject" maxLength={200} aria-invalid={!!details.subject} />
          {details.subject && <span className="field-error">Subject {details.subject}</span>}
        </div>
        <div className="field">
          <label htmlFor="issue-text">Text</label>
          <textarea id="issue-text" name="text" rows={10} aria-invalid={!!details.text} aria-describedby="issue-text-help" />
          <span id="issue-text-help" className="muted">
            Plain text; each subscriber’s copy gets their own unsubscribe link.
          </span>
          {details.text && <span className="field-error">Text {details.text}</span>}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={compose.isPending}>
            Save as draft
          </button>
        </div>
      </form>

      {session.can('subscribers') && (
        <>
          <h2>Subscribers</h2>
          <div className="toolbar">
            <label className="inline">
              Status
              <select
                value={search.status ?? ''}
                onChange={(e) =>
                  void navigateHere({
                    search: { page: 1, status: (e.target.value || undefined) as (typeof SUBSCRIBER_STATUSES)[number] | undefined },
                  })
                }
              >
                <option value="">all</option>
                {SUBSCRIBER_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {subscribers.error && <p role="alert" className="alert">{subscribers.error.message}</p>}
          <table className="list">
            <caption className="sr-only">Subscribers</caption>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Status</th>
                <th scope="col">Subscribed</th>
                <th scope="col">Confirmed</th>
              </tr>
            </thead>
            <tbody>
              {(subscribers.data?.items ?? []).map((s) => (
                <tr key={s.id}>
                  <td>{s.email}</td>
                  <td>
                    <span className="badge">{s.status}</span>
                  </td>
                  <td>{formatTime(s.created_at)}</td>
                  <td>{formatTime(s.confirmed_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            pagination={subscribers.data?.pagination}
            noun="subscribers"
            onPage={(page) => void navigateHere({ search: (prev) => ({ ...prev, page }) })}
          />
        </>
      )}
    </MailPage>
  );
}
