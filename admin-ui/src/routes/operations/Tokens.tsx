import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ConfirmButton } from '../common/Confirm';
import { formatTime } from '../common/format';
import { OperationsPage } from './OperationsPage';

interface Token {
  id: number;
  name: string;
  scope: string;
  prefix: string;
  token?: string;
  created_by?: string;
  created_at: string;
  last_used_at?: string;
  revoked_at?: string;
}

const SCOPES = [
  { value: 'preview', label: 'preview: read drafts through the delivery API (a frontend’s preview mode)' },
  { value: 'read', label: 'read: read what an editor reads in the admin API' },
  { value: 'full', label: 'full: read and write everything through the admin API' },
];

/** API tokens: the secret is shown once, when it is made; afterwards only its prefix identifies it. Revoke. */
export function Tokens() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<Token>();
  const [problem, setProblem] = useState<string>();
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: async () => unwrap(await api.GET('/admin/v1/tokens')) as unknown as Token[],
  });
  const create = useMutation({
    mutationFn: async (body: { name: string; scope: string }) =>
      unwrap(await api.POST('/admin/v1/tokens', { body })) as unknown as Token,
    onSuccess: (token) => {
      setCreated(token);
      setProblem(undefined);
    },
    onError: (error) => setProblem(error.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const revoke = useMutation({
    mutationFn: async (id: number) => unwrap(await api.DELETE('/admin/v1/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => setCreated(undefined),
    onError: (error) => setProblem(error.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: String(form.get('name') ?? ''), scope: String(form.get('scope') ?? 'read') });
    event.currentTarget.reset();
  };
  return (
    <OperationsPage title="API tokens" permission="tokens">
      {created?.token && (
        <div className="secret-once" role="status">
          <p>
            Token “{created.name}” created. This is the only time it is shown; copy it now:
          </p>
          <code data-testid="token-secret">{created.token}</code>
        </div>
      )}
      {problem && <p role="alert" className="alert">{problem}</p>}
      <form className="toolbar" onSubmit={submit} aria-label="Create a token">
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input id="token-name" name="name" required maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="token-scope">Scope</label>
          <select id="token-scope" name="scope" defaultValue="read">
            {SCOPES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create token
        </button>
      </form>
      <table className="list">
        <caption className="sr-only">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scope</th>
            <th scope="col">Starts with</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((token) => (
            <tr key={token.id} data-testid={`token-${token.id}`}>
              <td>{token.name}</td>
              <td>
                <span className="badge">{token.scope}</span>
              </td>
              <td>
                <code>{token.prefix}…</code>
              </td>
              <td>
                {formatTime(token.created_at)} {token.created_by && <span className="muted">by {token.created_by}</span>}
              </td>
              <td>{formatTime(token.last_used_at) || 'never'}</td>
              <td>{token.revoked_at ? `revoked ${formatTime(token.revoked_at)}` : 'active'}</td>
              <td>
                {!token.revoked_at && (
                  <ConfirmButton
                    className="small secondary"
                    label={
                      <>
                        Revoke<span className="sr-only"> {token.name}</span>
                      </>
                    }
                    title={`Revoke the token “${token.name}”?`}
                    confirmLabel="Revoke"
                    onConfirm={() => revoke.mutate(token.id)}
                  >
                    Whatever uses it is refused from now on. This cannot be undone.
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokens.data?.length === 0 && <p className="muted">No tokens yet.</p>}
    </OperationsPage>
  );
}
