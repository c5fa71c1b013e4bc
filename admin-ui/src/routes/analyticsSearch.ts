/** The analytics screen's search parameters: the period, kept in the URL. */
export const PERIODS = ['today', '7d', '30d', '90d', '12mo'] as const;
export type Period = (typeof PERIODS)[number];

export function parseAnalyticsSearch(search: Record<string, unknown>): { period: Period } {
  const period = PERIODS.find((p) => p === search.period);
  return { period: period ?? '30d' };
}

