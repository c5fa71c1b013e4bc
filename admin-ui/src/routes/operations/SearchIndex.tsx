import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { formatTime } from '../common/format';
import { OperationsPage } from './OperationsPage';
import { REBUILD_STEPS, rebuildProgress, type RebuildStatus } from './rebuild';

const route = getRouteApi('/operations/search');

/** Rebuilding the search index, with its progress followed from the server until it is over (the job id is in the URL). */
export function SearchIndex() {
  const { job } = route.useSearch();
  const navigate = route.useNavigate();
  const start = useMutation({
    mutationFn: async () => unwrap(await api.POST('/admin/v1/search/rebuild')) as { job?: number },
    onSuccess: (queued) => void navigate({ search: { job: queued.job } }),
  });
  const status = useQuery({
    queryKey: ['search-rebuild', job],
    enabled: job !== undefined,
    queryFn: async () =>
      unwrap(await api.GET('/admin/v1/search/rebuild/{job}', { params: { path: { job: String(job) } } })) as unknown as RebuildStatus,
    refetchInterval: (query) => (rebuildProgress(query.state.data).over ? false : 1000),
  });
  const progress = rebuildProgress(status.data);
  const running = job !== undefined && status.data !== undefined && !progress.over;
  return (
    <OperationsPage title="Search index" permission="content">
      <p>
        The index follows every change by itself. Rebuild it when it was restored from a backup, after the search engine
        changed, or when results look stale. Searches keep answering meanwhile.
      </p>
      <button type="button" className="primary" disabled={start.isPending || running} onClick={() => start.mutate()}>
        Rebuild the search index
      </button>
      {start.error && <p role="alert" className="alert">{start.error.message}</p>}
      {status.error && <p role="alert" className="alert">{status.error.message}</p>}
      {job !== undefined && (
        <section className="panel rebuild" aria-labelledby="rebuild-head">
          <h2 id="rebuild-head">Rebuild (job #{job})</h2>
          <progress
            max={REBUILD_STEPS.length}
            value={progress.step}
            aria-label="Rebuild progress"
            aria-valuetext={progress.text || 'Loading'}
          />
          <ol className="steps">
            {REBUILD_STEPS.map((step, i) => (
              <li key={step} className={i < progress.step ? 'reached' : ''}>
                {step}
              </li>
            ))}
          </ol>
          <p role="status" data-testid="rebuild-status" className={progress.failed ? 'alert' : ''}>
            {progress.text}
          </p>
          {status.data?.finished_at && <p className="muted">Finished {formatTime(status.data.finished_at)}</p>}
        </section>
      )}
    </OperationsPage>
  );
}
