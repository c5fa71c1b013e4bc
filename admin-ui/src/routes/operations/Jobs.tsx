import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ConfirmButton } from '../common/Confirm';
import { Pager } from '../common/Pager';
import { formatTime } from '../common/format';
import { paged } from '../common/paged';
import { JOB_STATUSES } from '../common/searches';
import { OperationsPage } from './OperationsPage';

const route = getRouteApi('/operations/jobs');

export interface Job {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  payload: unknown;
  run_at: string;
  updated_at: string;
}

/** The job queue: filter by state; retry a dead job, the chosen ones, or every dead one; discard. */
export function Jobs() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const jobs = useQuery({
    queryKey: ['jobs', search],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      paged<Job>(await api.GET('/admin/v1/jobs', { params: { query: { status: search.status, page: search.page, pageSize: 25 } } })),
  });
  const act = useMutation({
    mutationFn: async (action: () => Promise<string>) => action(),
    onSuccess: (message) => {
      setNotice(message);
      setProblem(undefined);
      setChosen(new Set());
    },
    onError: (error) => setProblem(error.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }),
  });
  const retry = (id: number) => async () => {
    unwrap(await api.POST('/admin/v1/jobs/{id}/retry', { params: { path: { id } } }));
    return `Job ${id} queued again`;
  };
  const discard = (id: number) => async () => {
    unwrap(await api.DELETE('/admin/v1/jobs/{id}', { params: { path: { id } } }));
    return `Job ${id} discarded`;
  };
  const retryChosen = async () => {
    for (const id of chosen) await retry(id)();
    return `${chosen.size} jobs queued again`;
  };
  const retryAllDead = async () => {
    const result = unwrap(await api.POST('/admin/v1/jobs/retry', {})) as { requeued?: number };
    return `${result.requeued ?? 0} dead jobs queued again`;
  };
  const items = jobs.data?.items ?? [];
  const dead = items.filter((j) => j.status === 'dead');
  const toggle = (id: number) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <OperationsPage title="Jobs" permission="jobs">
      <div className="toolbar">
        <label className="inline">
          State
          <select
            value={search.status ?? ''}
            onChange={(e) => {
              setChosen(new Set());
              void navigate({ search: { page: 1, status: (e.target.value || undefined) as (typeof JOB_STATUSES)[number] | undefined } });
            }}
          >
            <option value="">all</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" disabled={chosen.size === 0 || act.isPending} onClick={() => act.mutate(retryChosen)}>
          Retry selected ({chosen.size})
        </button>
        <ConfirmButton label="Retry all dead jobs" title="Retry every dead job?" confirmLabel="Retry all" onConfirm={() => act.mutate(retryAllDead)}>
          Every dead job, of every kind, is queued again with fresh attempts.
        </ConfirmButton>
      </div>
      <p role="status" className="notice">
        {notice}
      </p>
      {problem && <p role="alert" className="alert">{problem}</p>}
      {jobs.error && <p role="alert" className="alert">{jobs.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Jobs</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select every dead job shown"
                checked={dead.length > 0 && dead.every((j) => chosen.has(j.id))}
                disabled={dead.length === 0}
                onChange={(e) => setChosen(e.target.checked ? new Set(dead.map((j) => j.id)) : new Set())}
              />
            </th>
            <th scope="col">Job</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Changed</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((job) => (
            <tr key={job.id} data-testid={`job-${job.id}`}>
              <td>
                {job.status === 'dead' && (
                  <input type="checkbox" aria-label={`Select job ${job.id}`} checked={chosen.has(job.id)} onChange={() => toggle(job.id)} />
                )}
              </td>
              <td>#{job.id}</td>
              <td>
                <code>{job.kind}</code>
              </td>
              <td>
                <span className={`badge job-${job.status}`}>{job.status}</span>
              </td>
              <td>
                {job.attempts} / {job.max_attempts}
              </td>
              <td className="error-cell">{job.last_error}</td>
              <td>{formatTime(job.updated_at)}</td>
              <td className="row-actions">
                {job.status === 'dead' && (
                  <button type="button" className="small" disabled={act.isPending} onClick={() => act.mutate(retry(job.id))}>
                    Retry<span className="sr-only"> job {job.id}</span>
                  </button>
                )}
                {(job.status === 'dead' || job.status === 'queued') && (
                  <ConfirmButton
                    className="small secondary"
                    label={
                      <>
                        Discard<span className="sr-only"> job {job.id}</span>
                      </>
                    }
                    title={`Discard job ${job.id}?`}
                    confirmLabel="Discard"
                    onConfirm={() => act.mutate(discard(job.id))}
                  >
                    A discarded job is never run. Its record stays until housekeeping removes it.
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && !jobs.isPending && <p className="muted">No jobs here.</p>}
      <Pager pagination={jobs.data?.pagination} noun="jobs" onPage={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })} />
    </OperationsPage>
  );
}
