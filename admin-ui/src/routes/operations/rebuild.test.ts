import { describe, expect, it } from 'vitest';
import { rebuildProgress, type RebuildStatus } from './rebuild';

const status = (change: Partial<RebuildStatus>): RebuildStatus => ({
  job: 4,
  status: 'queued',
  attempts: 0,
  last_error: null,
  created_at: '2026-11-29T10:00:00Z',
  updated_at: '2026-11-29T10:00:00Z',
  finished_at: null,
  ...change,
});

describe('rebuildProgress', () => {
  it('walks queued, running, done', () => {
    expect(rebuildProgress(status({}))).toMatchObject({ step: 1, over: false });
    expect(rebuildProgress(status({ status: 'running' }))).toMatchObject({ step: 2, over: false });
    expect(rebuildProgress(status({ status: 'done' }))).toMatchObject({ step: 3, over: true, failed: false });
  });

  it('says a failed attempt waits for another', () => {
    expect(rebuildProgress(status({ attempts: 1, last_error: 'engine down' })).text).toContain('attempt 1 failed: engine down');
  });

  it('a dead rebuild is over and failed, with its error', () => {
    expect(rebuildProgress(status({ status: 'dead', last_error: 'boom' }))).toMatchObject({ over: true, failed: true });
    expect(rebuildProgress(status({ status: 'dead', last_error: 'boom' })).text).toContain('boom');
  });

  it('nothing to show before the first answer', () => {
    expect(rebuildProgress(undefined)).toMatchObject({ step: 0, over: false, text: '' });
  });
});
