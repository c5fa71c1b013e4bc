import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { formatTime } from '../common/format';
import { OperationsPage } from './OperationsPage';
import type { Webhook } from './Webhooks';

const route = getRouteApi('/operations/webhooks/$id');

interface Delivery {
  id: number;
  event: string;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** One webhook's delivery log, newest first, refreshed while deliveries are queued; a logged delivery can go again. */
export function WebhookDeliveries() {
  const id = Number(route.useParams().id);
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const hook = useQuery({
    queryKey: ['webhooks'],
    queryFn: async () => unwrap(await api.GET('/admin/v1/webhooks')) as unknown as Webhook[],
    select: (hooks) => hooks.find((h) => h.id === id),
  });
  const deliveries = useQuery({
    queryKey: ['webhooks', id, 'deliveries'],
    queryFn: async () =>
      unwrap(await api.GET('/admin/v1/webhooks/{id}/deliveries', { params: { path: { id } } })) as unknown as Delivery[],
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'queued') ? 1000 : false),
  });
  const redeliver = useMutation({
    mutationFn: async (delivery: number) =>
      unwrap(
        await api.POST('/admin/v1/webhooks/{id}/deliveries/{delivery}/redeliver', { params: { path: { id, delivery: String(delivery) } } }),
      ) as unknown as Delivery,
    onSuccess: (fresh, delivery) => {
      setNotice(`Delivery ${delivery} queued again as delivery ${fresh.id}`);
      setProblem(undefined);
    },
    onError: (error) => setProblem(error.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['webhooks', id, 'deliveries'] }),
  });
  const name = hook.data?.name ?? `Webhook ${id}`;
  return (
    <OperationsPage title={`Deliveries: ${name}`} permission="webhooks">
      <p>
        <Link to="/operations/webhooks">All webhooks</Link>
        {hook.data && (
          <>
            {' '}
            · <code>{hook.data.url}</code>
          </>
        )}
      </p>
      <p role="status" className="notice">
        {notice}
      </p>
      {problem && <p role="alert" className="alert">{problem}</p>}
      {deliveries.error && <p role="alert" className="alert">{deliveries.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Deliveries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Delivery</th>
            <th scope="col">Event</th>
            <th scope="col">Document</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Answer</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(deliveries.data ?? []).map((d) => (
            <tr key={d.id} data-testid={`delivery-${d.id}`}>
              <td>#{d.id}</td>
              <td>{d.event}</td>
              <td>
                {String(d.payload.type ?? '')} #{String(d.payload.id ?? '')}
              </td>
              <td>
                <span className={`badge delivery-${d.status}`}>{d.status}</span>
              </td>
              <td>{d.attempts}</td>
              <td className="error-cell">{d.response_status ? `HTTP ${d.response_status}` : ''} {d.last_error}</td>
              <td>{formatTime(d.created_at)}</td>
              <td>
                {d.status !== 'queued' && (
                  <button type="button" className="small" disabled={redeliver.isPending} onClick={() => redeliver.mutate(d.id)}>
                    Redeliver<span className="sr-only"> delivery {d.id}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deliveries.data?.length === 0 && <p className="muted">No deliveries yet: none of its events has happened.</p>}
    </OperationsPage>
  );
}
