import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { AdminDocument, TimelineEntry, TypeDescriptor } from '../api/missing-paths';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const LABELS: Record<TimelineEntry['kind'], string> = {
  version: 'Saved',
  publish: 'Published',
  unpublish: 'Unpublished',
  schedule: 'Scheduled',
  webhook: 'Webhook',
  mail: 'Mail',
  audit: 'Audit',
};

function detail(entry: TimelineEntry): string | null {
  const d = entry.detail;
  switch (entry.kind) {
    case 'webhook':
      return `delivery ${String(d.status)}${d.response_status ? `, receiver answered ${String(d.response_status)}` : ''}`;
    case 'mail':
      return `to ${String(d.to)} (${String(d.template)}), ${String(d.status)}`;
    case 'schedule':
      return `job ${String(d.status)}`;
    default:
      return null;
  }
}

/**
 * One timeline for the document: versions, publishes, schedules, webhooks fired, mails sent and audit entries,
 * newest first (GET .../timeline; the server leaves out the logs the role may not read).
 */
export function Timeline({ type, doc }: { type: TypeDescriptor; doc: AdminDocument }) {
  const entries = useQuery({
    queryKey: ['timeline', type.name, doc.id, doc.version, doc.status],
    queryFn: async () =>
      unwrap(await api.GET('/admin/v1/content/{type}/{id}/timeline', { params: { path: { type: type.name, id: doc.id } } })),
  });
  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {entries.isPending && <p role="status">Loading…</p>}
      {entries.error && <p role="alert">{entries.error.message}</p>}
      {entries.data && (
        <ol className="timeline-list">
          {entries.data.map((e, i) => (
            <li key={i} className={`timeline-${e.kind}`}>
              <span className="badge">{LABELS[e.kind] ?? e.kind}</span>{' '}
              <time dateTime={e.at}>{when.format(new Date(e.at))}</time>
              <div>
                {e.summary}
                {e.actor ? <span className="muted"> · {e.actor}</span> : null}
              </div>
              {detail(e) && <div className="muted">{detail(e)}</div>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
