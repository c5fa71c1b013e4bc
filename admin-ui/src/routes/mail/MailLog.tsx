import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { api } from '../../api/client';
import { Pager } from '../common/Pager';
import { formatTime } from '../common/format';
import { paged } from '../common/paged';
import { MAIL_STATUSES } from '../common/searches';
import { MailPage } from './MailPage';

const route = getRouteApi('/mail/log');

export interface MailSummary {
  id: number;
  message_id: string;
  template: string;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  contains_secrets: boolean;
}

/** The mail log, newest first, by status. One-time links and codes in the messages are masked by the server. */
export function MailLog() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const mail = useQuery({
    queryKey: ['mail', search],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      paged<MailSummary>(await api.GET('/admin/v1/mail', { params: { query: { status: search.status, page: search.page, pageSize: 25 } } })),
  });
  return (
    <MailPage title="Mail log" permission="mail">
      <div className="toolbar">
        <label className="inline">
          Status
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
      {mail.error && <p role="alert" className="alert">{mail.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Messages, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">To</th>
            <th scope="col">Template</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {(mail.data?.items ?? []).map((m) => (
            <tr key={m.id}>
              <td>
                <Link to="/mail/log/$id" params={{ id: String(m.id) }}>
                  {m.subject}
                </Link>
              </td>
              <td>{m.recipient}</td>
              <td>
                <code>{m.template}</code>
              </td>
              <td>
                <span className={`badge mail-${m.status}`}>{m.status}</span>
              </td>
              <td>{formatTime(m.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mail.data?.items.length === 0 && <p className="muted">No messages.</p>}
      <Pager pagination={mail.data?.pagination} noun="messages" onPage={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })} />
    </MailPage>
  );
}
