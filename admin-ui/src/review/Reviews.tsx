import { Link } from '@tanstack/react-router';
import { humanize } from '../api/queries';
import { useSession } from '../session/SessionContext';
import { Forbidden } from '../routes/Forbidden';
import { usePageTitle } from '../routes/usePageTitle';
import { useWorkflows } from './hooks';
import { takesPart, workflowStates } from './queueSearch';
import './review.css';

/** The review queues the signed-in role takes part in: one per workflow. */
export function Reviews() {
  usePageTitle('Review');
  const session = useSession();
  const workflows = useWorkflows(session.can('workflows'));
  if (!session.can('workflows')) return <Forbidden />;
  const role = session.state.status === 'signed-in' ? session.state.info.role : '';
  const mine = (workflows.data ?? []).filter((w) => takesPart(w, role));
  return (
    <>
      <h1>Review</h1>
      <p className="muted">
        One queue per workflow. In a queue, <kbd>j</kbd> and <kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>?</kbd>{' '}
        lists every key.
      </p>
      {workflows.isPending && <p role="status">Loading…</p>}
      {workflows.error && <p role="alert">{workflows.error.message}</p>}
      {workflows.data && mine.length === 0 && <p>No workflow names your role.</p>}
      <ul className="tiles">
        {mine.map((w) => (
          <li key={w.type}>
            <Link to="/review/$type" params={{ type: w.type }} search={{ sort: 'oldest', page: 1 }}>
              {humanize(w.type)}
            </Link>
            <p className="muted">{workflowStates(w).map(humanize).join(' → ')}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
