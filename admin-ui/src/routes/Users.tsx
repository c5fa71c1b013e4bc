import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useSession } from '../session/SessionContext';
import { Forbidden } from './Forbidden';
import { usePageTitle } from './usePageTitle';

/** Accounts and roles (admins only: user records are personal data). Invitations and role changes are left. */
export function Users() {
  usePageTitle('Users');
  const session = useSession();
  const users = useQuery({
    queryKey: ['users'],
    enabled: session.can('users'),
    queryFn: async () => unwrap(await api.GET('/admin/v1/users', { params: { query: { pageSize: 50 } } })),
  });
  if (!session.can('users')) return <Forbidden />;
  return (
    <>
      <h1>Users</h1>
      {users.isPending && <p role="status">Loading…</p>}
      {users.error && <p role="alert">{users.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Active</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((user) => (
            <tr key={user.id}>
              <td>{user.full_name}</td>
              <td>{user.email}</td>
              <td>
                <span className="badge">{user.role}</span>
              </td>
              <td>{user.is_active ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
