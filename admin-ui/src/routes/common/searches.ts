import { oneOf, pageOf, textOf } from './format';

/** The URL state of the Operations, Mail and Media screens (kept small: the router imports it up front). */
export const JOB_STATUSES = ['queued', 'running', 'done', 'dead', 'discarded'] as const;
export const MAIL_STATUSES = ['queued', 'sent', 'captured', 'failed', 'erased'] as const;
export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;
export const MEDIA_KINDS = ['image', 'video'] as const;

type JobStatus = (typeof JOB_STATUSES)[number];
type MailStatus = (typeof MAIL_STATUSES)[number];
type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
type MediaKind = (typeof MEDIA_KINDS)[number];

export const parseJobsSearch = (raw: Record<string, unknown>): { page: number; status?: JobStatus | undefined } => ({
  page: pageOf(raw.page),
  status: oneOf(raw.status, JOB_STATUSES),
});

export interface AuditSearch {
  page: number;
  actor?: string | undefined;
  entity_type?: string | undefined;
  entity_id?: number | undefined;
}

export const parseAuditSearch = (raw: Record<string, unknown>): AuditSearch => ({
  page: pageOf(raw.page),
  actor: textOf(raw.actor),
  entity_type: textOf(raw.entity_type),
  entity_id: /^\d+$/.test(String(raw.entity_id ?? '')) ? Number(raw.entity_id) : undefined,
});

export const parseRebuildSearch = (raw: Record<string, unknown>): { job?: number | undefined } => ({
  job: /^\d+$/.test(String(raw.job ?? '')) ? Number(raw.job) : undefined,
});

export const parseMailSearch = (raw: Record<string, unknown>): { page: number; status?: MailStatus | undefined } => ({
  page: pageOf(raw.page),
  status: oneOf(raw.status, MAIL_STATUSES),
});

export const parseNewsletterSearch = (raw: Record<string, unknown>): { page: number; status?: SubscriberStatus | undefined } => ({
  page: pageOf(raw.page),
  status: oneOf(raw.status, SUBSCRIBER_STATUSES),
});

export const parseRecipientsSearch = (raw: Record<string, unknown>): { page: number; status?: MailStatus | undefined } => ({
  page: pageOf(raw.page),
  status: oneOf(raw.status, MAIL_STATUSES),
});

export const parseMediaSearch = (raw: Record<string, unknown>): { page: number; q?: string | undefined; kind?: MediaKind | undefined } => ({
  page: pageOf(raw.page),
  q: textOf(raw.q),
  kind: oneOf(raw.kind, MEDIA_KINDS),
});

/** The Users screen: a search of name or e-mail, a role, and the page. */
export const parseUsersSearch = (raw: Record<string, unknown>): { page: number; q?: string | undefined; role?: string | undefined } => ({
  page: pageOf(raw.page),
  q: textOf(raw.q),
  role: textOf(raw.role),
});
