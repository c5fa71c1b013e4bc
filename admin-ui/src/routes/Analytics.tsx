import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import { accessToken } from '../session/tokens';
import { useSession } from '../session/SessionContext';
import { Forbidden } from './Forbidden';
import { usePageTitle } from './usePageTitle';
import { PERIODS, splitFilter, withFilter, type Dimension, type Period } from './analyticsSearch';
import { Bars } from './Bars';
import { Lines } from './Lines';

/** One row of a report table: numbers and labels by column. */
type Row = Record<string, string | number | null>;

/** The reports this screen reads; each is a table the server can also give as CSV. */
type Report =
  | 'summary'
  | 'applications'
  | 'timeseries'
  | 'breakdown'
  | 'realtime'
  | 'top-documents'
  | 'event-registrations'
  | 'events'
  | 'members'
  | 'newsletter'
  | 'dropped';

/** A report's parameters besides the period; `filter` repeats. */
type Extra = Record<string, string | string[]>;

const DIMENSION_LABELS: Record<Dimension, string> = {
  page: 'Page',
  channel: 'Channel',
  referrer: 'Referrer',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  browser: 'Browser',
  os: 'Operating system',
  device: 'Device',
  event: 'Event',
};

const PERIOD_LABELS: Record<Period, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '12mo': 'Last 12 months',
};

/** Reads one report's rows for the period. */
function useReport(report: Report, period: Period, extra: Extra = {}, enabled = true, refetchInterval?: number) {
  return useQuery({
    queryKey: ['analytics', report, period, extra],
    enabled,
    refetchInterval,
    queryFn: async () => {
      // the reports share one shape; the generated path types name each of them
      const path = `/admin/v1/analytics/${report}` as '/admin/v1/analytics/summary';
      const data = unwrap(await api.GET(path, { params: { query: { period, ...extra } } }));
      return (data.rows ?? []) as unknown as Row[];
    },
  });
}

/** Downloads a report as CSV with the in-memory token (a plain link would carry no credentials). */
async function downloadCsv(report: Report, period: Period, extra: Extra) {
  const query = new URLSearchParams({ period, format: 'csv' });
  for (const [name, value] of Object.entries(extra)) {
    for (const one of Array.isArray(value) ? value : [value]) query.append(name, one);
  }
  const response = await fetch(`/admin/v1/analytics/${report}?${query}`, {
    headers: { Authorization: `Bearer ${accessToken() ?? ''}` },
  });
  if (!response.ok) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `analytics-${report}-${period}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

function number(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return typeof value === 'number' ? value.toLocaleString('en') : value;
}

function percent(value: string | number | null | undefined): string {
  return typeof value === 'number' ? `${Math.round(value * 1000) / 10} %` : '–';
}

function Panel(props: {
  title: string;
  report: Report;
  period: Period;
  extra?: Extra;
  /** beside the title, e.g. a dimension picker */
  tools?: ReactNode;
  children: ReactNode;
}) {
  // an id is one word: aria-labelledby reads a space as a list of ids
  const id = `panel-${props.report}-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="panel-head">
        <h2 id={id}>{props.title}</h2>
        {props.tools}
        <button type="button" className="secondary small" onClick={() => void downloadCsv(props.report, props.period, props.extra ?? {})}>
          CSV<span className="sr-only"> of {props.title}</span>
        </button>
      </div>
      {props.children}
    </section>
  );
}

type Column = [string, string, (r: Row) => ReactNode];

function Table({ caption, columns, rows }: { caption: string; columns: Column[]; rows: Row[] }) {
  return (
    <table className="list compact">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map(([key, label]) => (
            <th key={key} scope="col">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="muted">
              Nothing yet
            </td>
          </tr>
        )}
        {rows.map((row, i) => (
          <tr key={i}>
            {columns.map(([key, , show]) => (
              <td key={key}>{show(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The period's visits broken down by one of a few dimensions (a picker when there are several); each row's key filters
 * the whole dashboard to it.
 */
function Breakdown(props: {
  title: string;
  dimensions: readonly Dimension[];
  period: Period;
  filter: string[];
  allowed: boolean;
  onFilter: (dimension: Dimension, value: string) => void;
}) {
  const [dimension, setDimension] = useState<Dimension>(props.dimensions[0] ?? 'page');
  const extra = { dimension, filter: props.filter };
  const rows = useReport('breakdown', props.period, extra, props.allowed);
  const label = DIMENSION_LABELS[dimension];
  const picker =
    props.dimensions.length > 1 ? (
      <select
        aria-label={`${props.title}: break down by`}
        value={dimension}
        onChange={(e) => setDimension(e.target.value as Dimension)}
      >
        {props.dimensions.map((d) => (
          <option key={d} value={d}>
            {DIMENSION_LABELS[d]}
          </option>
        ))}
      </select>
    ) : undefined;
  return (
    <Panel title={props.title} report="breakdown" period={props.period} extra={extra} tools={picker}>
      {rows.error && <p role="alert">{rows.error.message}</p>}
      <Table
        caption={`${props.title} by ${label.toLowerCase()}`}
        columns={[
          [
            'key',
            label,
            (r) => (
              <button type="button" className="link" onClick={() => props.onFilter(dimension, String(r.key))}>
                {String(r.key)}
                <span className="sr-only"> (show only this {label.toLowerCase()})</span>
              </button>
            ),
          ],
          ['views', dimension === 'event' ? 'Hits' : 'Views', (r) => number(r.views)],
          ['visitors', 'Visitors', (r) => number(r.visitors)],
          ['share', 'Share', (r) => percent(r.share)],
        ]}
        rows={rows.data ?? []}
      />
    </Panel>
  );
}

/** One workflow's funnel as the applications report gives it. */
interface Funnel {
  type: string;
  steps: Row[];
  time_to_decision: Row;
  backlog: Row[];
}

/** Applications per workflow: how many reached each state, conversion, time to a decision and what waits by age. */
function Applications({ period, allowed }: { period: Period; allowed: boolean }) {
  const funnels = useQuery({
    queryKey: ['analytics', 'applications', period],
    enabled: allowed,
    queryFn: async () => {
      const data = unwrap(await api.GET('/admin/v1/analytics/applications', { params: { query: { period } } }));
      return ((data as unknown as { workflows?: Funnel[] }).workflows ?? []) as Funnel[];
    },
  });
  return (
    <Panel title="Applications" report="applications" period={period}>
      {funnels.error && <p role="alert">{funnels.error.message}</p>}
      {(funnels.data ?? []).map((f) => (
        <div key={f.type} className="funnel">
          <h3>{f.type.replaceAll('_', ' ')}</h3>
          <ol className="funnel-steps">
            {f.steps.map((step) => (
              <li key={String(step.state)}>
                <span className="funnel-state">{String(step.state)}</span>
                <span className="funnel-bar" aria-hidden="true">
                  <span style={{ width: `${Math.round(Number(step.conversion ?? 0) * 100)}%` }} />
                </span>
                <span>
                  {number(step.reached)} ({percent(step.conversion)})
                </span>
              </li>
            ))}
          </ol>
          <p className="muted">
            Decided: {number(f.time_to_decision?.decided)}; median {number(f.time_to_decision?.median_hours)} h, p90{' '}
            {number(f.time_to_decision?.p90_hours)} h. Waiting now:{' '}
            {f.backlog.length === 0
              ? 'none'
              : f.backlog.map((b) => `${number(b.waiting)} for ${String(b.age)}`).join(', ')}
            .
          </p>
        </div>
      ))}
    </Panel>
  );
}

/**
 * The analytics dashboard: visits from the website (cookieless, counted once per visitor and day) and what the
 * platform records itself (applications, members, events, newsletter), for a period chosen above. A breakdown's row
 * filters the visit panels to it; the filters sit in the URL, so a filtered view can be shared. Each table downloads
 * as CSV.
 */
export function Analytics() {
  usePageTitle('Analytics');
  const session = useSession();
  const allowed = session.can('analytics');
  const { period, filter = [] } = useSearch({ from: '/analytics' });
  const navigate = useNavigate({ from: '/analytics' });
  const setFilter = (next: string[]) =>
    void navigate({ search: next.length > 0 ? { period, filter: next } : { period } });
  const summary = useReport('summary', period, {}, allowed);
  const series = useReport('timeseries', period, { filter, compare: 'previous' }, allowed);
  const live = useReport('realtime', period, {}, allowed, 15_000);
  const projects = useReport('top-documents', period, { type: 'project' }, allowed);
  const events = useReport('events', period, {}, allowed);
  const registrations = useReport('event-registrations', period, {}, allowed);
  const members = useReport('members', period, {}, allowed);
  const newsletter = useReport('newsletter', period, {}, allowed);
  const dropped = useReport('dropped', period, {}, allowed);
  if (!allowed) return <Forbidden />;

  const [current, previous] = summary.data ?? [];
  const now = live.data?.[0];
  const latestMembers = members.data?.[members.data.length - 1];
  const failed = [summary, series, live, projects, events, registrations, members, newsletter, dropped].find(
    (q) => q.error,
  );
  const filtered = (series.data ?? []).reduce<{ views: number; visitors: number }>(
    (sum, r) => ({ views: sum.views + Number(r.pageviews ?? 0), visitors: sum.visitors + Number(r.visitors ?? 0) }),
    { views: 0, visitors: 0 },
  );
  const addFilter = (dimension: Dimension, value: string) => setFilter(withFilter(filter, dimension, value));
  return (
    <>
      <h1>Analytics</h1>
      <p className="muted">
        Visits are counted without cookies, once per visitor and day; over several days, visitors are a sum of daily
        visitors. Applications, members, events and the newsletter come from the platform's own records.
      </p>
      <label className="inline">
        Period{' '}
        <select value={period} onChange={(e) => void navigate({ search: (old) => ({ ...old, period: e.target.value as Period }) })}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {PERIOD_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {failed?.error && <p role="alert">{failed.error.message}</p>}

      <section aria-label="Summary" className="stats">
        {(
          [
            ['pageviews', 'Page views'],
            ['visitors', 'Visitors'],
            ['document_views', 'Document views'],
            ['events', 'Events'],
          ] as const
        ).map(([key, label]) => (
          <div key={key} className="stat">
            <span className="stat-label">{label}</span>
            <span className="stat-value" data-testid={`stat-${key}`}>
              {number(current?.[key])}
            </span>
            <span className="muted">before: {number(previous?.[key])}</span>
          </div>
        ))}
      </section>

      {filter.length > 0 && (
        <section aria-label="Filters" className="filters">
          <ul className="chips">
            {filter.map((f) => {
              const { dimension, value } = splitFilter(f);
              const name = DIMENSION_LABELS[dimension as Dimension] ?? dimension;
              return (
                <li key={f} className="chip">
                  {name}: {value}
                  <button
                    type="button"
                    className="chip-remove secondary small"
                    aria-label={`Remove the filter ${name}: ${value}`}
                    onClick={() => setFilter(filter.filter((other) => other !== f))}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
          <p data-testid="filtered-totals">
            Filtered: {number(filtered.views)} page views by {number(filtered.visitors)} daily visitors.
          </p>
        </section>
      )}

      <div className="panels">
        <Panel title="Page views per day" report="timeseries" period={period} extra={{ filter, compare: 'previous' }}>
          <Lines
            label={`Page views per day: ${number(filtered.views)} this period, ${number(
              (series.data ?? []).reduce((sum, r) => sum + Number(r.previous_pageviews ?? 0), 0),
            )} the period before`}
            lines={[
              { name: 'This period', values: (series.data ?? []).map((r) => Number(r.pageviews ?? 0)) },
              {
                name: 'The period before',
                dashed: true,
                values: (series.data ?? []).filter((r) => r.previous_t != null).map((r) => Number(r.previous_pageviews ?? 0)),
              },
            ]}
          />
          <Table
            caption="Page views and visitors per day, with the same day of the period before"
            columns={[
              ['t', 'Day', (r) => String(r.t)],
              ['pageviews', 'Page views', (r) => number(r.pageviews)],
              ['visitors', 'Visitors', (r) => number(r.visitors)],
              ['previous_pageviews', 'Before', (r) => number(r.previous_pageviews)],
            ]}
            rows={(series.data ?? []).slice(-7)}
          />
        </Panel>
        <Panel title="Right now" report="realtime" period={period}>
          <dl className="facts">
            <dt>Visitors, last 5 minutes</dt>
            <dd data-testid="realtime-visitors">{number(now?.visitors)}</dd>
            <dt>Page views</dt>
            <dd>{number(now?.pageviews)}</dd>
            <dt>Top pages</dt>
            <dd>{now?.top_pages ? String(now.top_pages) : 'none'}</dd>
          </dl>
        </Panel>
        <Breakdown title="Top pages" dimensions={['page']} {...{ period, filter, allowed }} onFilter={addFilter} />
        <Breakdown
          title="Sources"
          dimensions={['channel', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign']}
          {...{ period, filter, allowed }}
          onFilter={addFilter}
        />
        <Breakdown title="Devices" dimensions={['device', 'browser', 'os']} {...{ period, filter, allowed }} onFilter={addFilter} />
        <Breakdown title="Named events" dimensions={['event']} {...{ period, filter, allowed }} onFilter={addFilter} />
        <Panel title="Top projects" report="top-documents" period={period} extra={{ type: 'project' }}>
          <Table
            caption="Most viewed projects, with views per day"
            columns={[
              ['title', 'Project', (r) => String(r.title)],
              ['views', 'Views', (r) => number(r.views)],
              ['visitors', 'Visitors', (r) => number(r.visitors)],
              [
                'daily',
                'Per day',
                (r) => (
                  <Bars
                    values={String(r.daily ?? '').split(',').map(Number)}
                    label={`${String(r.title)}: views per day`}
                  />
                ),
              ],
            ]}
            rows={projects.data ?? []}
          />
        </Panel>
        <Applications period={period} allowed={allowed} />
        <Panel title="Events" report="events" period={period}>
          <Table
            caption="Events dated in the period"
            columns={[
              ['title', 'Event', (r) => String(r.title)],
              ['registered', 'Registered', (r) => number(r.registered)],
              ['waitlisted', 'Waitlist', (r) => number(r.waitlisted)],
              ['fill_rate', 'Filled', (r) => percent(r.fill_rate)],
              ['attendance_rate', 'Attended', (r) => percent(r.attendance_rate)],
            ]}
            rows={events.data ?? []}
          />
        </Panel>
        <Panel title="Registrations over time" report="event-registrations" period={period}>
          <Bars
            values={(registrations.data ?? []).map((r) => Number(r.registered ?? 0))}
            label="Event registrations per interval"
          />
          <Table
            caption="Registrations, waitlist places, cancellations and attendance per interval"
            columns={[
              ['t', 'Day', (r) => String(r.t)],
              ['registered', 'Registered', (r) => number(r.registered)],
              ['waitlisted', 'Waitlist', (r) => number(r.waitlisted)],
              ['cancelled', 'Cancelled', (r) => number(r.cancelled)],
              ['attended', 'Attended', (r) => number(r.attended)],
            ]}
            rows={(registrations.data ?? []).slice(-7)}
          />
        </Panel>
        <Panel title="Members" report="members" period={period}>
          <Bars values={(members.data ?? []).map((r) => Number(r.dau ?? 0))} label="Active members per day" />
          <dl className="facts">
            <dt>Active today (DAU)</dt>
            <dd>{number(latestMembers?.dau)}</dd>
            <dt>Last 7 days (WAU)</dt>
            <dd>{number(latestMembers?.wau)}</dd>
            <dt>Last 30 days (MAU)</dt>
            <dd>{number(latestMembers?.mau)}</dd>
            <dt>Stickiness (DAU / MAU)</dt>
            <dd>{percent(latestMembers?.stickiness)}</dd>
            <dt>Sign-ups in the period</dt>
            <dd>{number((members.data ?? []).reduce((sum, r) => sum + Number(r.signups ?? 0), 0))}</dd>
          </dl>
        </Panel>
        <Panel title="Newsletter" report="newsletter" period={period}>
          <Table
            caption="Newsletter confirmations and unsubscribes"
            columns={[
              ['t', 'Day', (r) => String(r.t)],
              ['confirmed', 'Confirmed', (r) => number(r.confirmed)],
              ['unsubscribed', 'Left', (r) => number(r.unsubscribed)],
              ['total', 'Total', (r) => number(r.total)],
            ]}
            rows={(newsletter.data ?? []).slice(-7)}
          />
        </Panel>
        <Panel title="Not counted" report="dropped" period={period}>
          <Table
            caption="Beacons not counted, by day and reason"
            columns={[
              ['day', 'Day', (r) => String(r.day)],
              ['reason', 'Reason', (r) => String(r.reason)],
              ['hits', 'Beacons', (r) => number(r.hits)],
            ]}
            rows={dropped.data ?? []}
          />
        </Panel>
      </div>
    </>
  );
}
