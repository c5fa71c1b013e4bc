import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { Bars } from './Bars';

type Day = { t: string; views: number; visitors: number };

/**
 * A document's own views over the last 30 days, beside its fields (for types whose pages the site reports as
 * document views: projects and events by default). Visitors are a sum of daily visitors.
 */
export function DocumentViews({ type, id }: { type: string; id: string }) {
  const views = useQuery({
    queryKey: ['analytics', 'document', type, id],
    queryFn: async () => {
      const data = unwrap(
        await api.GET('/admin/v1/analytics/documents/{type}/{id}', {
          params: { path: { type, id: Number(id) }, query: { period: '30d' } },
        }),
      );
      return (data.rows ?? []) as unknown as Day[];
    },
  });
  const days = views.data ?? [];
  const total = days.reduce((sum, d) => sum + d.views, 0);
  const visitors = days.reduce((sum, d) => sum + d.visitors, 0);
  return (
    <section className="panel document-views" aria-labelledby="document-views">
      <h2 id="document-views">Views, last 30 days</h2>
      {views.error && <p role="alert">{views.error.message}</p>}
      <p>
        <strong data-testid="document-views-total">{total.toLocaleString('en')}</strong> views by{' '}
        {visitors.toLocaleString('en')} daily visitors
      </p>
      <Bars values={days.map((d) => d.views)} label={`Views per day over the last 30 days: ${total} in all`} />
    </section>
  );
}
