import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import { accessToken } from '../session/tokens';
import { useSession } from '../session/SessionContext';
import { Forbidden } from './Forbidden';
import { usePageTitle } from './usePageTitle';
import { PERIODS, type Period } from './analyticsSearch';
import { Bars } from './Bars';

/** One row of a report table: numbers and labels by column. */
type Row = Record<string, string | number | null>;

/** The reports this screen reads; each is a table the server can also give as CSV. */
type Report =
  | 'summary'
  | 'timeseries'
  | 'breakdown'
  | 'top-documents'
  | 'events'
  | 'members'
  | 'newsletter'
  | 'dropped';

const PERIOD_LABELS: Record<Period, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '12mo': 'Last 12 months',
};

/** Reads one report's rows for the period. */
function useReport(report: Report, period: Period, extra: Record<string, string> = {}, enabled = true) {
  return useQuery({
    queryKey: ['analytics', report, period, extra],
    enabled,
    queryFn: async () => {
      // the reports share one shape; the generated path types name each of them
      const path = `/admin/v1/analytics/${report}` as '/admin/v1/analytics/summary';
      const data = unwrap(await api.GET(path, { params: { query: { period, ...extra } } }));
      return (data.rows ?? []) as unknown as Row[];
    },
  });
}

/** Downloads a report as CSV with the in-memory token (a plain link would carry no credentials). */
async function downloadCsv(report: Report, period: Period, extra: Record<string, string>) {
  const query = new URLSearchParams({ period, format: 'csv', ...extra });
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
  extra?: Record<string, string>;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={`panel-${props.report}-${props.title}`}>
      <div className="panel-head">
        <h2 id={`panel-${props.report}-${props.title}`}>{props.title}</h2>
        <button type="button" className="secondary small" onClick={() => void downloadCsv(props.report, props.period, props.extra ?? {})}>
          CSV<span className="sr-only"> of {props.title}</span>
        </button>
      </div>
      {props.children}
    </section>
  );
}

function Table({ caption, columns, rows }: { caption: string; columns: [string, string, (r: Row) => string][]; rows: Row[] }) {
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
 * The analytics dashboard: visits from the website (cookieless, counted once per visitor and day) and what the
 * platform records itself (members, events, newsletter), for a period chosen above; each table downloads as CSV.
 */
export function Analytics() {
  usePageTitle('Analytics');
  const session = useSession();
  const allowed = session.can('analytics');
  const { period } = useSearch({ from: '/analytics' });
  const navigate = useNavigate({ from: '/analytics' });
  const summary = useReport('summary', period, {}, allowed);
  const series = useReport('timeseries', period, {}, allowed);
  const pages = useReport('breakdown', period, { dimension: 'page' }, allowed);
  const channels = useReport('breakdown', period, { dimension: 'channel' }, allowed);
  const projects = useReport('top-documents', period, { type: 'project' }, allowed);
  const events = useReport('events', period, {}, allowed);
  const members = useReport('members', period, {}, allowed);
  const newsletter = useReport('newsletter', period, {}, allowed);
  const dropped = useReport('dropped', period, {}, allowed);
  if (!allowed) return <Forbidden />;

  const [current, previous] = summary.data ?? [];
  const latestMembers = members.data?.[members.data.length - 1];
  const failed = [summary, series, pages, channels, projects, events, members, newsletter, dropped].find((q) => q.error);
  return (
    <>
      <h1>Analytics</h1>
      <p className="muted">
        Visits are counted without cookies, once per visitor and day; over several days, visitors are a sum of daily
        visitors. Members, events and the newsletter come from the platform's own records.
      </p>
      <label className="inline">
        Period{' '}
        <select value={period} onChange={(e) => void navigate({ search: { period: e.target.value as Period } })}>
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

      <div className="panels">
        <Panel title="Page views per day" report="timeseries" period={period}>
          <Bars values={(series.data ?? []).map((r) => Number(r.pageviews ?? 0))} label="Page views per day" />
          <Table
            caption="Page views and visitors per day"
            columns={[
              ['t', 'Day', (r) => String(r.t)],
              ['pageviews', 'Page views', (r) => number(r.pageviews)],
              ['visitors', 'Visitors', (r) => number(r.visitors)],
            ]}
            rows={(series.data ?? []).slice(-7)}
          />
        </Panel>
        <Panel title="Top pages" report="breakdown" period={period} extra={{ dimension: 'page' }}>
          <Table
            caption="Top pages"
            columns={[
              ['key', 'Page', (r) => String(r.key)],
              ['views', 'Views', (r) => number(r.views)],
              ['visitors', 'Visitors', (r) => number(r.visitors)],
            ]}
            rows={pages.data ?? []}
          />
        </Panel>
        <Panel title="Channels" report="breakdown" period={period} extra={{ dimension: 'channel' }}>
          <Table
            caption="Visits by channel"
            columns={[
              ['key', 'Channel', (r) => String(r.key)],
              ['views', 'Views', (r) => number(r.views)],
              ['share', 'Share', (r) => percent(r.share)],
            ]}
            rows={channels.data ?? []}
          />
        </Panel>
        <Panel title="Top projects" report="top-documents" period={period} extra={{ type: 'project' }}>
          <Table
            caption="Most viewed projects"
            columns={[
              ['title', 'Project', (r) => String(r.title)],
              ['views', 'Views', (r) => number(r.views)],
              ['visitors', 'Visitors', (r) => number(r.visitors)],
            ]}
            rows={projects.data ?? []}
          />
        </Panel>
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
        <Panel title="Members" report="members" period={period}>
          <dl className="facts">
            <dt>Active today (DAU)</dt>
            <dd>{number(latestMembers?.dau)}</dd>
            <dt>Last 7 days (WAU)</dt>
            <dd>{number(latestMembers?.wau)}</dd>
            <dt>Last 30 days (MAU)</dt>
            <dd>{number(latestMembers?.mau)}</dd>
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
