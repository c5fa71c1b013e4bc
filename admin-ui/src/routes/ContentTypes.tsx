import { Link } from '@tanstack/react-router';
import { useTypes } from '../api/queries';
import { Forbidden } from './Forbidden';
import { useSession } from '../session/SessionContext';
import { usePageTitle } from './usePageTitle';

export function ContentTypes() {
  usePageTitle('Content');
  const session = useSession();
  const types = useTypes();
  if (!session.can('content')) return <Forbidden />;
  return (
    <>
      <h1>Content</h1>
      {types.isPending && <p role="status">Loading types…</p>}
      {types.error && <p role="alert">{types.error.message}</p>}
      <ul className="tiles">
        {types.data?.map((type) => (
          <li key={type.name}>
            <Link to="/content/$type" params={{ type: type.name }} search={{ page: 1, pageSize: 25 }}>
              {type.label}
            </Link>
            <p className="muted">{type.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
