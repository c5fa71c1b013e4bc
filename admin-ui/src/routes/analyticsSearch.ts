/** The analytics screen's search parameters, kept in the URL: the period and the filters (`dimension:value`). */
export const PERIODS = ['today', '7d', '30d', '90d', '12mo'] as const;
export type Period = (typeof PERIODS)[number];

/** The dimensions a report can be broken down by and filtered on (the server's list). */
export const DIMENSIONS = [
  'page',
  'channel',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'browser',
  'os',
  'device',
  'event',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface AnalyticsSearch {
  period: Period;
  /** absent when the dashboard is not filtered, so plain links need not name it */
  filter?: string[];
}

/** A filter is `dimension:value` with a known dimension; anything else in the URL is dropped. */
export function isFilter(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const colon = value.indexOf(':');
  return colon > 0 && colon < value.length - 1 && DIMENSIONS.some((d) => d === value.slice(0, colon));
}

export function parseAnalyticsSearch(search: Record<string, unknown>): AnalyticsSearch {
  const period = PERIODS.find((p) => p === search.period);
  const raw = Array.isArray(search.filter) ? search.filter : search.filter === undefined ? [] : [search.filter];
  const filter = [...new Set(raw.filter(isFilter))];
  return filter.length > 0 ? { period: period ?? '30d', filter } : { period: period ?? '30d' };
}

/** The filters with one dimension set to a value (a dimension filters once: a new value replaces the old). */
export function withFilter(filters: string[], dimension: Dimension, value: string): string[] {
  return [...filters.filter((f) => !f.startsWith(`${dimension}:`)), `${dimension}:${value}`];
}

export function splitFilter(filter: string): { dimension: string; value: string } {
  const colon = filter.indexOf(':');
  return { dimension: filter.slice(0, colon), value: filter.slice(colon + 1) };
}
