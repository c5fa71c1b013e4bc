import { describe, expect, it } from 'vitest';
import { issueProgress, type Issue } from './issueProgress';

const issue = (change: Partial<Issue>): Issue => ({
  id: 1,
  subject: 'News',
  text: 'Hello',
  status: 'draft',
  created_by: 'user:1',
  created_at: '2026-11-29T10:00:00Z',
  sent_at: null,
  audience: 3,
  recipients: 0,
  mail: {},
  ...change,
});

describe('issueProgress', () => {
  it('a draft says who it would go to', () => {
    expect(issueProgress(issue({}))).toMatchObject({ over: false, total: 3, text: 'Draft: would go to 3 confirmed subscribers' });
  });

  it('counts sent and captured mail as delivered while sending', () => {
    const p = issueProgress(issue({ status: 'sending', recipients: 2, mail: { sent: 1, captured: 1 } }));
    expect(p).toMatchObject({ done: 2, failed: 0, total: 3, over: false, text: 'Sending: 2 of 3 delivered' });
  });

  it('is not over while a recipient’s mail is queued, even when the issue is marked sent', () => {
    expect(issueProgress(issue({ status: 'sent', audience: 3, recipients: 3, mail: { sent: 2, queued: 1 } })).over).toBe(false);
  });

  it('is over when every mail left the queue, and names failures', () => {
    const p = issueProgress(issue({ status: 'sent', audience: 3, recipients: 3, mail: { sent: 2, failed: 1 } }));
    expect(p).toMatchObject({ over: true, done: 2, failed: 1, text: 'Sent: 2 of 3 delivered, 1 failed' });
  });
});
