import { describe, expect, it } from 'vitest';
import { isFilter, parseAnalyticsSearch, splitFilter, withFilter } from './analyticsSearch';

describe('the analytics URL', () => {
  it('keeps a known period and well-formed filters, once each', () => {
    expect(parseAnalyticsSearch({ period: '7d', filter: ['page:/a', 'page:/a', 'browser:Firefox'] })).toEqual({
      period: '7d',
      filter: ['page:/a', 'browser:Firefox'],
    });
  });

  it('falls back to 30 days and drops filters on unknown dimensions or without a value', () => {
    expect(parseAnalyticsSearch({ period: 'forever', filter: ['colour:red', 'page:', ':x', 42, 'channel:email'] })).toEqual({
      period: '30d',
      filter: ['channel:email'],
    });
    expect(parseAnalyticsSearch({ filter: ['colour:red'] })).toEqual({ period: '30d' });
    expect(parseAnalyticsSearch({ filter: 'device:mobile' })).toEqual({ period: '30d', filter: ['device:mobile'] });
    expect(isFilter('page:/a:b')).toBe(true);
  });

  it('replaces a dimension filter rather than stacking two values', () => {
    expect(withFilter(['page:/a', 'device:mobile'], 'page', '/b')).toEqual(['device:mobile', 'page:/b']);
    expect(splitFilter('page:/a:b')).toEqual({ dimension: 'page', value: '/a:b' });
  });
});
