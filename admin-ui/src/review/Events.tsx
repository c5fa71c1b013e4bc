import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { unwrap } from '../api/client';
import type { AdminDocument } from '../api/missing-paths';
import { humanize } from '../api/queries';
import { reviewApi, type Registration } from '../api/review-paths';
import { useSession } from '../session/SessionContext';
import { Forbidden } from '../routes/Forbidden';
import { usePageTitle } from '../routes/usePageTitle';
import './review.css';

export const REGISTRATIONS_ROUTE = 'GET /admin/v1/events/{id}/registrations';
export const ATTENDANCE_ROUTE = 'POST /admin/v1/events/{id}/attendance';

/** Whether the role may use the events screens: read events, and call the registration plugin's list. */
export function mayUseEvents(session: ReturnType<typeof useSession>): boolean {
  return session.can('content') && session.mayCall(REGISTRATIONS_ROUTE);
}

/** Events, newest date first, with their fill. */
export function Events() {
  usePageTitle('Events');
  const session = useSession();
  const allowed = mayUseEvents(session);
  const events = useQuery({
    queryKey: ['events-admin'],
    enabled: allowed,
    queryFn: async () =>
      unwrap(
        await reviewApi.GET('/admin/v1/content/{type}', {
          params: { path: { type: 'event' }, query: { sort: '-date', pageSize: 100 } },
        }),
      ) as AdminDocument[],
  });
  if (!allowed) return <Forbidden />;
  return (
    <>
      <h1>Events</h1>
      <p className="muted">Registrations, the waitlist and attendance of each event.</p>
      {events.isPending && <p role="status">Loading…</p>}
      {events.error && <p role="alert">{events.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Events by date, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Date</th>
            <th scope="col">Seats taken</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {events.data?.map((e) => (
            <tr key={e.id}>
              <td>
                <Link to="/events/$id" params={{ id: String(e.id) }}>
                  {String(e.data.title ?? `#${e.id}`)}
                </Link>
              </td>
              <td>{e.data.date ? new Date(String(e.data.date)).toLocaleString() : '—'}</td>
              <td>
                {String(e.data.current_attendees ?? 0)}
                {e.data.attendees_limit != null ? ` / ${String(e.data.attendees_limit)}` : ''}
              </td>
              <td>
                <span className={`badge status-${e.status}`}>{e.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const route = getRouteApi('/events/$id');

/** One event: who holds a seat (attendance is marked here), the waitlist in order, and cancellations. */
export function EventRegistrations() {
  const { id } = route.useParams();
  const session = useSession();
  const queryClient = useQueryClient();
  const allowed = mayUseEvents(session);
  const event = useQuery({
    queryKey: ['content', 'event', 'one', id],
    enabled: allowed,
    queryFn: async () =>
      unwrap(await reviewApi.GET('/admin/v1/content/{type}/{id}', { params: { path: { type: 'event', id } } })) as AdminDocument,
  });
  const registrations = useQuery({
    queryKey: ['registrations', id],
    enabled: allowed,
    queryFn: async () => unwrap(await reviewApi.GET('/admin/v1/events/{id}/registrations', { params: { path: { id } } })),
  });
  const mark = useMutation({
    mutationFn: async ({ userId, attended }: { userId: number; attended: boolean }) =>
      unwrap(
        await reviewApi.POST('/admin/v1/events/{id}/attendance', {
          params: { path: { id } },
          body: { user_id: userId, attended },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['registrations', id] }),
  });
  const title = event.data ? String(event.data.data.title ?? `Event #${id}`) : `Event #${id}`;
  usePageTitle(title);
  if (!allowed) return <Forbidden />;
  const all = registrations.data?.registrations ?? [];
  const byDate = (a: Registration, b: Registration) => a.registration_date.localeCompare(b.registration_date);
  const seated = all.filter((r) => r.status === 'registered' || r.status === 'attended').sort(byDate);
  const waiting = all.filter((r) => r.status === 'waitlisted').sort(byDate);
  const cancelled = all.filter((r) => r.status === 'cancelled');
  const mayMark = session.mayCall(ATTENDANCE_ROUTE);
  const attended = seated.filter((r) => r.status === 'attended').length;

  return (
    <>
      <h1>{title}</h1>
      <p>
        <Link to="/events">All events</Link>
      </p>
      {(event.error || registrations.error) && <p role="alert">{(event.error ?? registrations.error)!.message}</p>}
      {registrations.data && (
        <p role="status">
          {seated.length} with a seat
          {registrations.data.attendees_limit != null ? ` of ${registrations.data.attendees_limit}` : ''}, {attended} attended,{' '}
          {waiting.length} on the waitlist, {cancelled.length} cancelled.
        </p>
      )}
      <section className="box" aria-labelledby="seated">
        <h2 id="seated">Registered</h2>
        {seated.length === 0 && <p className="muted">Nobody yet.</p>}
        {seated.length > 0 && (
          <table className="list compact">
            <caption className="sr-only">People with a seat, in order of registration</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Registered</th>
                <th scope="col">Attended</th>
              </tr>
            </thead>
            <tbody>
              {seated.map((r) => (
                <tr key={r.id}>
                  <td>{r.full_name ?? `User #${r.user_id}`}</td>
                  <td>{r.email ?? '—'}</td>
                  <td>{new Date(r.registration_date).toLocaleString()}</td>
                  <td>
                    <label className="inline">
                      <input
                        type="checkbox"
                        checked={r.status === 'attended'}
                        disabled={!mayMark || mark.isPending}
                        onChange={(e) => mark.mutate({ userId: r.user_id, attended: e.target.checked })}
                      />
                      <span className="sr-only">{r.full_name ?? `User #${r.user_id}`} attended</span>
                      <span aria-hidden="true">{r.status === 'attended' ? 'Yes' : 'No'}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {mark.error && <p role="alert">{mark.error.message}</p>}
      </section>
      <section className="box" aria-labelledby="waitlist">
        <h2 id="waitlist">Waitlist</h2>
        {waiting.length === 0 && <p className="muted">Nobody is waiting.</p>}
        <ol>
          {waiting.map((r) => (
            <li key={r.id}>
              {r.full_name ?? `User #${r.user_id}`} <span className="muted">({r.email}, since {new Date(r.registration_date).toLocaleString()})</span>
            </li>
          ))}
        </ol>
        <p className="muted">A freed seat goes to the first person waiting, who is told by mail.</p>
      </section>
      {cancelled.length > 0 && (
        <section className="box" aria-labelledby="cancelled">
          <h2 id="cancelled">Cancelled</h2>
          <ul>
            {cancelled.map((r) => (
              <li key={r.id}>
                {r.full_name ?? `User #${r.user_id}`} <span className={`badge state-${r.status}`}>{humanize(r.status)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
