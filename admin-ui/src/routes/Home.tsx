import { Link } from '@tanstack/react-router';
import { useSession } from '../session/SessionContext';
import { usePageTitle } from './usePageTitle';
import { Attention } from './Attention';

export function Home() {
  usePageTitle('Home');
  const session = useSession();
  const name = session.state.status === 'signed-in' ? session.state.info.user.full_name : '';
  return (
    <>
      <h1>Welcome{name ? `, ${name}` : ''}</h1>
      <p>What you may do here follows your role.</p>
      <Attention />
      <ul className="tiles">
        {session.can('content') && (
          <li>
            <Link to="/content">Content</Link>
            <p className="muted">Every content type: lists, editing, publishing.</p>
          </li>
        )}
        {session.can('workflows') && (
          <li>
            <Link to="/review">Review</Link>
            <p className="muted">Queues of applications and messages, with keyboard triage and scoring.</p>
          </li>
        )}
        {session.can('content') && session.mayCall('GET /admin/v1/events/{id}/registrations') && (
          <li>
            <Link to="/events">Events</Link>
            <p className="muted">Registrations, the waitlist and attendance.</p>
          </li>
        )}
        {session.can('analytics') && (
          <li>
            <Link to="/analytics" search={{ period: '30d' }}>
              Analytics
            </Link>
            <p className="muted">Visits, projects viewed, events, members and the newsletter.</p>
          </li>
        )}
        {session.can('users') && (
          <li>
            <Link to="/users" search={{ page: 1 }}>
              Users
            </Link>
            <p className="muted">Accounts, roles and staff invitations.</p>
          </li>
        )}
      </ul>
    </>
  );
}
