import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, unwrap } from '../../api/client';
import { ConfirmButton } from '../common/Confirm';
import { OperationsPage } from './OperationsPage';

/** The content events a webhook may subscribe to (the server checks them and names them when one is wrong). */
export const WEBHOOK_EVENTS = ['document.created', 'document.updated', 'document.published', 'document.unpublished', 'document.deleted'];

export interface Webhook {
  id: number;
  name: string;
  url: string;
  events: string[];
  types: string[] | null;
  active: boolean;
  created_at: string;
  secret?: string;
}

/** Webhooks: register one (its signing secret is shown once), pause or resume, delete; each links to its deliveries. */
export function Webhooks() {
  const queryClient = useQueryClient();
  const hooks = useQuery({
    queryKey: ['webhooks'],
    queryFn: async () => unwrap(await api.GET('/admin/v1/webhooks')) as unknown as Webhook[],
  });
  const [created, setCreated] = useState<Webhook>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [events, setEvents] = useState<Set<string>>(new Set(['document.published']));
  const create = useMutation({
    mutationFn: async (body: { name: string; url: string; events: string[]; types?: string[] }) =>
      unwrap(await api.POST('/admin/v1/webhooks', { body })) as unknown as Webhook,
    onSuccess: (hook) => {
      setCreated(hook);
      setProblem(undefined);
    },
    onError: (error) => setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, error.message)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const change = useMutation({
    mutationFn: async (action: () => Promise<unknown>) => action(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const types = String(form.get('types') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    create.mutate({ name: String(form.get('name') ?? ''), url: String(form.get('url') ?? ''), events: [...events], ...(types.length ? { types } : {}) });
  };
  const details = problem?.details ?? {};

  return (
    <OperationsPage title="Webhooks" permission="webhooks">
      <table className="list">
        <caption className="sr-only">Webhooks</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Receiver</th>
            <th scope="col">Events</th>
            <th scope="col">Types</th>
            <th scope="col">Active</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(hooks.data ?? []).map((hook) => (
            <tr key={hook.id}>
              <td>
                <Link to="/operations/webhooks/$id" params={{ id: String(hook.id) }}>
                  {hook.name}
                </Link>
              </td>
              <td>
                <code>{hook.url}</code>
              </td>
              <td>{hook.events.join(', ')}</td>
              <td>{hook.types?.join(', ') || 'all'}</td>
              <td>{hook.active ? 'Yes' : 'Paused'}</td>
              <td className="row-actions">
                <button
                  type="button"
                  className="small"
                  onClick={() =>
                    change.mutate(async () =>
                      unwrap(await api.PATCH('/admin/v1/webhooks/{id}', { params: { path: { id: hook.id } }, body: { active: !hook.active } })),
                    )
                  }
                >
                  {hook.active ? 'Pause' : 'Resume'}
                  <span className="sr-only"> {hook.name}</span>
                </button>
                <ConfirmButton
                  className="small secondary"
                  label={
                    <>
                      Delete<span className="sr-only"> {hook.name}</span>
                    </>
                  }
                  title={`Delete the webhook “${hook.name}”?`}
                  confirmLabel="Delete"
                  onConfirm={() =>
                    change.mutate(async () => {
                      const result = await api.DELETE('/admin/v1/webhooks/{id}', { params: { path: { id: hook.id } } });
                      if (!result.response.ok) unwrap(result as never);
                    })
                  }
                >
                  It stops receiving events, and its delivery log goes with it.
                </ConfirmButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hooks.data?.length === 0 && <p className="muted">No webhooks yet.</p>}
      {hooks.error && <p role="alert" className="alert">{hooks.error.message}</p>}

      <h2>Add a webhook</h2>
      {created?.secret && (
        <div className="secret-once" role="status">
          <p>
            Webhook “{created.name}” created. Its signing secret is shown <strong>only now</strong>; copy it into the receiver:
          </p>
          <code data-testid="webhook-secret">{created.secret}</code>
        </div>
      )}
      {problem && (
        <div role="alert" className="error-summary">
          <h2>{problem.message}</h2>
          <ul>
            {Object.entries(details).map(([field, message]) => (
              <li key={field}>
                {field} {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="editor" onSubmit={submit}>
        <div className="field">
          <label htmlFor="hook-name">Name</label>
          <input id="hook-name" name="name" required maxLength={100} aria-invalid={!!details.name} />
        </div>
        <div className="field">
          <label htmlFor="hook-url">Receiver URL</label>
          <input id="hook-url" name="url" type="url" required aria-invalid={!!details.url} aria-describedby="hook-url-help" />
          <span id="hook-url-help" className="muted">
            It gets a signed POST per event (header X-Bitwreckers-Signature). Private network addresses are refused.
          </span>
        </div>
        <fieldset className="field">
          <legend>Events</legend>
          <div className="options">
            {WEBHOOK_EVENTS.map((name) => (
              <label key={name} className="inline">
                <input
                  type="checkbox"
                  checked={events.has(name)}
                  onChange={(e) =>
                    setEvents((prev) => {
                      const next = new Set(prev);
                      if (e.target.checked) next.add(name);
                      else next.delete(name);
                      return next;
                    })
                  }
                />
                {name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="hook-types">Content types (optional)</label>
          <input id="hook-types" name="types" aria-describedby="hook-types-help" />
          <span id="hook-types-help" className="muted">
            Comma-separated, e.g. event, project. Empty: every type.
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Add webhook
          </button>
        </div>
      </form>
    </OperationsPage>
  );
}
