import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { formatTime } from '../common/format';
import { MailPage } from './MailPage';
import type { MailSummary } from './MailLog';

const route = getRouteApi('/mail/log/$id');

interface Mail extends MailSummary {
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
}

/** One message as stored (secrets masked), both parts, and resend. */
export function MailView() {
  const id = Number(route.useParams().id);
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const mail = useQuery({
    queryKey: ['mail', id],
    queryFn: async () => unwrap(await api.GET('/admin/v1/mail/{id}', { params: { path: { id } } })) as unknown as Mail,
    refetchInterval: (query) => (query.state.data?.status === 'queued' ? 1000 : false),
  });
  const resend = useMutation({
    mutationFn: async () => unwrap(await api.POST('/admin/v1/mail/{id}/resend', { params: { path: { id } } })),
    onSuccess: () => setNotice('Queued for sending again'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['mail'] }),
  });
  const m = mail.data;
  return (
    <MailPage title={m ? m.subject : 'Message'} permission="mail">
      <p>
        <Link to="/mail/log" search={{ page: 1 }}>
          The mail log
        </Link>
      </p>
      {mail.error && <p role="alert" className="alert">{mail.error.message}</p>}
      {m && (
        <>
          <dl className="facts">
            <dt>To</dt>
            <dd>{m.recipient}</dd>
            <dt>Template</dt>
            <dd>{m.template}</dd>
            <dt>Status</dt>
            <dd>
              <span className={`badge mail-${m.status}`} data-testid="mail-status">
                {m.status}
              </span>
            </dd>
            <dt>Attempts</dt>
            <dd>{m.attempts}</dd>
            <dt>Created</dt>
            <dd>{formatTime(m.created_at)}</dd>
            <dt>Sent</dt>
            <dd>{formatTime(m.sent_at) || 'not yet'}</dd>
            {m.last_error && (
              <>
                <dt>Last error</dt>
                <dd className="alert">{m.last_error}</dd>
              </>
            )}
          </dl>
          {m.contains_secrets && (
            <p className="muted">This message carried a one-time link or code: it is shown masked, as [hidden].</p>
          )}
          <div className="actions">
            <button type="button" className="primary" disabled={resend.isPending || m.status === 'queued'} onClick={() => resend.mutate()}>
              Resend
            </button>
          </div>
          <p role="status" className="notice">
            {notice}
          </p>
          {resend.error && <p role="alert" className="alert">{resend.error.message}</p>}
          <h2>Headers</h2>
          <dl className="facts">
            {Object.entries(m.headers ?? {}).map(([name, value]) => (
              <div key={name} className="fact">
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <h2>Text</h2>
          <pre className="mail-body" tabIndex={0} aria-label="Text part">
            {m.text_body}
          </pre>
          <details>
            <summary>HTML source</summary>
            <pre className="mail-body" tabIndex={0} aria-label="HTML part">
              {m.html_body}
            </pre>
          </details>
        </>
      )}
    </MailPage>
  );
}
