/** A newsletter issue as the server reports it, with its sending progress. */
export interface Issue {
  id: number;
  subject: string;
  text: string;
  status: 'draft' | 'sending' | 'sent';
  created_by: string | null;
  created_at: string;
  sent_at: string | null;
  /** Who it goes to: the confirmed subscribers until it is sent, then its recipients. */
  audience: number;
  /** How many recipients have their mail queued so far. */
  recipients: number;
  /** The recipients' mails counted by status (queued, sent, captured, failed...). */
  mail: Record<string, number>;
}

const DELIVERED = ['sent', 'captured'];

/**
 * How far an issue's sending is: mails handed over (sent, or captured when no SMTP server is set) and failed, of
 * everyone it goes to. Sending is over when the issue is sent and no recipient's mail is still queued.
 */
export function issueProgress(issue: Issue): { done: number; failed: number; total: number; over: boolean; text: string } {
  const done = DELIVERED.reduce((sum, status) => sum + (issue.mail[status] ?? 0), 0);
  const failed = issue.mail.failed ?? 0;
  const total = Math.max(issue.audience, issue.recipients);
  const queued = issue.mail.queued ?? 0;
  const over = issue.status === 'sent' && queued === 0;
  if (issue.status === 'draft') return { done, failed, total, over: false, text: `Draft: would go to ${total} confirmed subscribers` };
  const text = over
    ? `Sent: ${done} of ${total} delivered${failed ? `, ${failed} failed` : ''}`
    : `Sending: ${done} of ${total} delivered${failed ? `, ${failed} failed` : ''}`;
  return { done, failed, total, over, text };
}
