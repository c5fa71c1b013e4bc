/** A screen inside a group (Operations, Mail), shown only to roles with its permission. */
export interface Section {
  to: string;
  label: string;
  permission: string;
  blurb: string;
}

export const OPERATIONS: readonly Section[] = [
  { to: '/operations/jobs', label: 'Jobs', permission: 'jobs', blurb: 'Background jobs: queued, dead; retry or discard.' },
  { to: '/operations/webhooks', label: 'Webhooks', permission: 'webhooks', blurb: 'Receivers of content events and their delivery log.' },
  { to: '/operations/tokens', label: 'API tokens', permission: 'tokens', blurb: 'Tokens for scripts and frontends; revoke.' },
  { to: '/operations/plugins', label: 'Plugins', permission: 'plugins', blurb: 'Which plugins run, which failed, what each brings.' },
  { to: '/operations/audit', label: 'Audit log', permission: 'audit', blurb: 'Who changed what, filterable.' },
  { to: '/operations/search', label: 'Search index', permission: 'content', blurb: 'Rebuild the search index and follow its progress.' },
];

export const MAIL: readonly Section[] = [
  { to: '/mail/log', label: 'Mail log', permission: 'mail', blurb: 'Every message sent or captured; view and resend.' },
  { to: '/mail/newsletter', label: 'Newsletter', permission: 'newsletter', blurb: 'Issues, sending progress, subscribers.' },
];

/** The sections a role may open; a group with none is not shown at all. */
export function allowedSections(sections: readonly Section[], can: (permission: string) => boolean): Section[] {
  return sections.filter((s) => can(s.permission));
}
