import type { OpenedSession } from '../api/missing-paths';

/**
 * The access token lives in this module's memory only (never localStorage): a reload loses it and the refresh cookie
 * (HttpOnly, SameSite=Strict, path /admin/v1/session) brings a new one. Refreshes are single-flight, and across
 * tabs serialised with the Web Locks API, because a refresh token used twice ends the whole session (reuse detection).
 */
let token: string | null = null;
let inFlight: Promise<OpenedSession | null> | null = null;

export const accessToken = (): string | null => token;

export function setAccessToken(value: string | null): void {
  token = value;
}

const CSRF = { 'X-CSRF': '1' };
const endedListeners = new Set<() => void>();

/** Called when a session that was open could not be refreshed (signed out elsewhere, expired, role changed). */
export function onSessionEnded(listener: () => void): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

async function refreshOnce(): Promise<OpenedSession | null> {
  const hadSession = token !== null;
  const response = await fetch('/admin/v1/session/refresh', {
    method: 'POST',
    headers: CSRF,
    credentials: 'same-origin',
  });
  if (!response.ok) {
    token = null;
    if (hadSession) endedListeners.forEach((listener) => listener());
    return null;
  }
  const opened = ((await response.json()) as { data: OpenedSession }).data;
  token = opened.access_token;
  return opened;
}

/** Asks for a new access token with the refresh cookie; null when there is no session (or it ended). */
export function refreshSession(): Promise<OpenedSession | null> {
  if (!inFlight) {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const run: Promise<OpenedSession | null> = locks
      ? locks.request('bitwreckers-admin-refresh', () => refreshOnce()).then((r) => r)
      : refreshOnce();
    inFlight = run.finally(() => {
      inFlight = null;
    });
  }
  return inFlight as Promise<OpenedSession | null>;
}

export async function openSession(email: string, password: string): Promise<OpenedSession> {
  const response = await fetch('/admin/v1/session', {
    method: 'POST',
    headers: { ...CSRF, 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { data?: OpenedSession; error?: { message?: string } };
  if (!response.ok || !body.data) {
    throw new Error(body.error?.message ?? `Sign-in failed (${response.status})`);
  }
  token = body.data.access_token;
  return body.data;
}

/**
 * Accepts a staff invitation: the server creates the account and opens its session (the refresh cookie is set, the
 * access token kept here), as a sign-in does. The token comes from the link's fragment and is sent only in this body.
 */
export async function acceptInvitation(
  invitation: string,
  fullName: string,
  password: string,
): Promise<OpenedSession> {
  const response = await fetch('/admin/v1/session/invitation', {
    method: 'POST',
    headers: { ...CSRF, 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ token: invitation, full_name: fullName, password }),
  });
  const body = (await response.json()) as {
    data?: OpenedSession;
    error?: { message?: string; details?: Record<string, string> };
  };
  if (!response.ok || !body.data) {
    throw new InvitationProblem(body.error?.message ?? `Accepting failed (${response.status})`, body.error?.details ?? {});
  }
  token = body.data.access_token;
  return body.data;
}

/** Why an invitation could not be accepted, with the server's per-field details. */
export class InvitationProblem extends Error {
  constructor(
    message: string,
    readonly details: Record<string, string>,
  ) {
    super(message);
  }
}

export async function closeSession(): Promise<void> {
  await fetch('/admin/v1/session', {
    method: 'DELETE',
    headers: { ...CSRF, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    credentials: 'same-origin',
  });
  token = null;
}
