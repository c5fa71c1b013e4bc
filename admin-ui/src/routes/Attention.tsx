import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { documentTitle, useTypes } from '../api/queries';
import { useSession } from '../session/SessionContext';

type Row = Record<string, string | number | null>;
type Workflow = { type: string; backlog: Row[] };

/** How many items a list holds, from its page envelope (one item asked for). */
function total(result: { data?: unknown; response: Response }): number {
  const meta = (result.data as { meta?: { pagination?: { total?: number } } } | undefined)?.meta;
  if (!result.response.ok) throw new Error(`The server answered ${result.response.status}`);
  return meta?.pagination?.total ?? 0;
}

function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** The signed-in person's day, midnight to midnight in their own time zone. */
function localDay(): { from: string; to: string } {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/**
 * What needs attention now, each part shown only to roles that may act on it: applications waiting for a decision
 * (by workflow, with the oldest), events nearly full in the next 60 days, today's scheduled publishes and
 * withdrawals, dead jobs and failed mail.
 */
export function Attention() {
  const session = useSession();
  const analytics = session.can('analytics');
  const waiting = useQuery({
    queryKey: ['attention', 'applications'],
    enabled: analytics,
    queryFn: async () => {
      const data = unwrap(await api.GET('/admin/v1/analytics/applications', { params: { query: { period: '12mo' } } }));
      return ((data as { workflows?: Workflow[] }).workflows ?? []).map((w) => ({
        type: w.type,
        waiting: w.backlog.reduce((sum, b) => sum + Number(b.waiting ?? 0), 0),
        oldest: [...w.backlog].reverse().find((b) => Number(b.waiting) > 0)?.age ?? null,
      }));
    },
  });
  const filling = useQuery({
    queryKey: ['attention', 'events'],
    enabled: analytics,
    queryFn: async () => {
      const data = unwrap(
        await api.GET('/admin/v1/analytics/events', { params: { query: { from: today(), to: today(60) } } }),
      );
      return ((data.rows ?? []) as unknown as Row[]).filter((e) => Number(e.fill_rate ?? 0) >= 0.8);
    },
  });
  const content = session.can('content');
  const types = useTypes();
  const scheduled = useQuery({
    queryKey: ['attention', 'schedule', localDay().from],
    enabled: content,
    queryFn: async () => unwrap(await api.GET('/admin/v1/schedule', { params: { query: localDay() } })),
  });
  const deadJobs = useQuery({
    queryKey: ['attention', 'dead-jobs'],
    enabled: session.can('jobs'),
    queryFn: async () => total(await api.GET('/admin/v1/jobs', { params: { query: { status: 'dead', pageSize: 1 } } })),
  });
  const failedMail = useQuery({
    queryKey: ['attention', 'failed-mail'],
    enabled: session.can('mail'),
    queryFn: async () => total(await api.GET('/admin/v1/mail', { params: { query: { status: 'failed', pageSize: 1 } } })),
  });
  if (!analytics && !content && !session.can('jobs') && !session.can('mail')) return null;
  return (
    <section aria-labelledby="attention" className="attention">
      <h2 id="attention">Needs attention</h2>
      <ul className="tiles">
        {analytics && (
          <li>
            <h3>Waiting for a decision</h3>
            {waiting.error && <p role="alert">{waiting.error.message}</p>}
            <ul className="plain" data-testid="waiting">
              {(waiting.data ?? []).map((w) => (
                <li key={w.type}>
                  <Link to="/content/$type" params={{ type: w.type }} search={{ page: 1, pageSize: 25 }}>
                    {w.type.replace(/_/g, ' ')}
                  </Link>
                  : {w.waiting}
                  {w.oldest && <span className="muted"> (oldest {w.oldest})</span>}
                </li>
              ))}
            </ul>
          </li>
        )}
        {analytics && (
          <li>
            <h3>Events nearly full</h3>
            {filling.error && <p role="alert">{filling.error.message}</p>}
            {filling.data?.length === 0 && <p className="muted">None in the next 60 days.</p>}
            <ul className="plain">
              {(filling.data ?? []).map((e) => (
                <li key={String(e.id)}>
                  {String(e.title)}: {Math.round(Number(e.fill_rate) * 100)} % ({e.waitlisted ?? 0} waiting)
                </li>
              ))}
            </ul>
          </li>
        )}
        {content && (
          <li>
            <h3>Scheduled today</h3>
            {scheduled.error && <p role="alert">{scheduled.error.message}</p>}
            {scheduled.data?.length === 0 && <p className="muted">Nothing is set to publish or withdraw today.</p>}
            <ul className="plain" data-testid="scheduled-today">
              {(scheduled.data ?? []).map((s) => (
                <li key={`${s.action}-${s.id}`}>
                  {new Date(s.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}{' '}
                  {s.action === 'publish' ? 'publish' : 'withdraw'}{' '}
                  <Link to="/content/$type/$id" params={{ type: s.type, id: String(s.id) }}>
                    {documentTitle(
                      types.data?.find((t) => t.name === s.type),
                      { id: s.id, slug: s.slug ?? null, data: s.data as Record<string, unknown> },
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          </li>
        )}
        {session.can('jobs') && (
          <li>
            <h3>Dead jobs</h3>
            <p data-testid="dead-jobs">{deadJobs.error ? deadJobs.error.message : (deadJobs.data ?? '…')}</p>
          </li>
        )}
        {session.can('mail') && (
          <li>
            <h3>Failed mail</h3>
            <p data-testid="failed-mail">{failedMail.error ? failedMail.error.message : (failedMail.data ?? '…')}</p>
          </li>
        )}
      </ul>
    </section>
  );
}
