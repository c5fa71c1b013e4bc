import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ApiProblem, api, unwrap } from '../api/client';
import type { StaffUser } from '../api/missing-paths';
import { reviewApi, type Invitation } from '../api/review-paths';
import { useSession } from '../session/SessionContext';
import { Forbidden } from './Forbidden';
import { usePageTitle } from './usePageTitle';
import { Pager } from './common/Pager';
import { paged } from './common/paged';
import '../review/review.css';

const route = getRouteApi('/users');
const PAGE_SIZE = 50;

/**
 * Accounts and roles (for roles that manage users: user records are personal data): search, change a role,
 * deactivate or reactivate, erase; and staff invitations (invite by e-mail, send again, revoke).
 */
export function Users() {
  usePageTitle('Users');
  const session = useSession();
  const allowed = session.can('users');
  const queryClient = useQueryClient();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const [erasing, setErasing] = useState<StaffUser | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const me = session.state.status === 'signed-in' ? session.state.info.user.id : -1;
  const roles = useQuery({
    queryKey: ['roles'],
    enabled: allowed,
    staleTime: 5 * 60_000,
    queryFn: async () => unwrap(await reviewApi.GET('/admin/v1/roles')),
  });
  const users = useQuery({
    queryKey: ['users', search],
    enabled: allowed,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      paged<StaffUser>(
        await api.GET('/admin/v1/users', {
          params: { query: { page: search.page, pageSize: PAGE_SIZE, q: search.q, role: search.role } },
        }),
      ),
  });
  const change = useMutation({
    mutationFn: async ({ user, body }: { user: StaffUser; body: { role?: string; is_active?: boolean } }) => {
      unwrap(await reviewApi.PATCH('/admin/v1/users/{id}', { params: { path: { id: user.id } }, body }));
      return `${user.full_name}: ${body.role ? `now ${body.role}` : body.is_active ? 'reactivated' : 'deactivated'}.`;
    },
    onSuccess: (text) => {
      setNotice(text);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const erase = useMutation({
    mutationFn: async (user: StaffUser) => {
      unwrap(await reviewApi.DELETE('/admin/v1/users/{id}', { params: { path: { id: user.id } } }));
      return `${user.full_name} was erased.`;
    },
    onSuccess: (text) => {
      setErasing(null);
      setNotice(text);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  if (!allowed) return <Forbidden />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: (prev) => ({ ...prev, page: 1, q: q.trim() || undefined }) });
  };
  const problem = change.error ?? erase.error;

  return (
    <>
      <h1>Users</h1>
      <div className="toolbar">
        <form role="search" onSubmit={submit} className="inline">
          <label htmlFor="user-search">Search name or e-mail</label>
          <input id="user-search" value={q} onChange={(e) => setQ(e.target.value)} />
          <button type="submit">Search</button>
        </form>
        <label className="inline">
          Role
          <select
            value={search.role ?? ''}
            onChange={(e) => void navigate({ search: (prev) => ({ ...prev, page: 1, role: e.target.value || undefined }) })}
          >
            <option value="">Any role</option>
            {roles.data?.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {users.isPending && <p role="status">Loading…</p>}
      {users.error && <p role="alert">{users.error.message}</p>}
      {problem && (
        <p role="alert" className="alert">
          {problem.message}
          {problem instanceof ApiProblem && Object.values(problem.details).length > 0 && `: ${Object.values(problem.details).join('; ')}`}
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <table className="list">
        <caption className="sr-only">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Active</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((user) => (
            <tr key={user.id}>
              <td>{user.full_name}</td>
              <td>{user.email}</td>
              <td>
                <select
                  aria-label={`Role of ${user.full_name}`}
                  value={user.role}
                  disabled={user.id === me || change.isPending}
                  onChange={(e) => change.mutate({ user, body: { role: e.target.value } })}
                >
                  {(roles.data ?? [{ name: user.role, staff: false }]).map((r) => (
                    <option key={r.name} value={r.name}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>{user.is_active ? 'Yes' : 'No'}</td>
              <td>
                {user.id !== me && (
                  <span className="row-actions">
                    <button
                      type="button"
                      className="small"
                      onClick={() => change.mutate({ user, body: { is_active: !user.is_active } })}
                      aria-label={`${user.is_active ? 'Deactivate' : 'Reactivate'} ${user.full_name}`}
                    >
                      {user.is_active ? 'Deactivate' : 'Reactivate'}
                    </button>
                    <button type="button" className="small danger" onClick={() => setErasing(user)} aria-label={`Erase ${user.full_name}`}>
                      Erase
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager pagination={users.data?.pagination} noun="accounts" onPage={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })} />
      <Invitations staffRoles={(roles.data ?? []).filter((r) => r.staff).map((r) => r.name)} />
      <ModalOverlay isOpen={erasing !== null} onOpenChange={(open) => !open && setErasing(null)} isDismissable className="overlay">
        <Modal className="modal">
          <Dialog role="alertdialog">
            <Heading slot="title">Erase {erasing?.full_name}?</Heading>
            <p>
              Their personal data is erased for good: name, address, profile, and what their own submissions hold. What they
              created stays, anonymous. This cannot be undone.
            </p>
            <div className="actions">
              <Button className="secondary" slot="close">
                Keep the account
              </Button>
              <Button className="danger" onPress={() => erasing && erase.mutate(erasing)} isDisabled={erase.isPending}>
                Erase
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </>
  );
}

/** Invite a staff member by e-mail; the list of invitations with send again and revoke. */
function Invitations({ staffRoles }: { staffRoles: string[] }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: async () => unwrap(await reviewApi.GET('/admin/v1/invitations', { params: { query: {} } })),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['invitations'] });
  const invite = useMutation({
    mutationFn: async () =>
      unwrap(await reviewApi.POST('/admin/v1/invitations', { body: { email: email.trim(), role: role || staffRoles[0] || '' } })),
    onSuccess: (sent) => {
      setNotice(`Invitation sent to ${sent.email} (${sent.role}).`);
      setEmail('');
      refresh();
    },
  });
  const act = useMutation({
    mutationFn: async ({ invitation, action }: { invitation: Invitation; action: 'resend' | 'revoke' }) => {
      const path = { params: { path: { id: invitation.id } } };
      if (action === 'resend') unwrap(await reviewApi.POST('/admin/v1/invitations/{id}/resend', path));
      else unwrap(await reviewApi.DELETE('/admin/v1/invitations/{id}', path));
      return `${invitation.email}: ${action === 'resend' ? 'a new link is on its way' : 'revoked'}.`;
    },
    onSuccess: (text) => {
      setNotice(text);
      refresh();
    },
  });
  const problem = invite.error instanceof ApiProblem ? invite.error : null;
  return (
    <section className="box" aria-labelledby="invite">
      <h2 id="invite">Invite a staff member</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="invite-email">E-mail address</label>
          <input
            id="invite-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={problem?.details.email ? true : undefined}
            aria-describedby={problem?.details.email ? 'invite-email-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Invite as</label>
          <select id="invite-role" value={role || staffRoles[0] || ''} onChange={(e) => setRole(e.target.value)}>
            {staffRoles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={invite.isPending}>
          Send invitation
        </button>
      </form>
      {invite.error && (
        <p role="alert" className="alert" id="invite-email-error">
          {invite.error.message}
          {problem && Object.keys(problem.details).length > 0 &&
            `: ${Object.entries(problem.details).map(([k, v]) => `${k} ${v}`).join('; ')}`}
        </p>
      )}
      {act.error && <p role="alert">{act.error.message}</p>}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <table className="list compact">
        <caption>Invitations (newest first)</caption>
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {invitations.data?.map((i) => (
            <tr key={i.id}>
              <td>{i.email}</td>
              <td>{i.role}</td>
              <td>
                <span className={`badge state-${i.status}`}>{i.status}</span>
              </td>
              <td>{i.status === 'pending' || i.status === 'expired' ? new Date(i.expires_at).toLocaleDateString() : '—'}</td>
              <td>
                {(i.status === 'pending' || i.status === 'expired') && (
                  <span className="row-actions">
                    <button
                      type="button"
                      className="small"
                      onClick={() => act.mutate({ invitation: i, action: 'resend' })}
                      aria-label={`Send the invitation to ${i.email} again`}
                    >
                      Send again
                    </button>
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => act.mutate({ invitation: i, action: 'revoke' })}
                      aria-label={`Revoke the invitation to ${i.email}`}
                    >
                      Revoke
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
