import { afterEach, describe, expect, it, vi } from 'vitest';
import { acceptInvitation, accessToken, openSession, setAccessToken } from './tokens';

/** fetch answering one request with a session, as the server opens one. */
function answering(accessTokenValue: string) {
  return vi.fn(async (_url: string, _init?: RequestInit) =>
    new Response(JSON.stringify({ data: { access_token: accessTokenValue, permissions: [], routes: [] } }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

describe('the access token kept in memory', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setAccessToken(null);
  });

  // Without it the first request after accepting went out with no token: a 401, then a refresh that a page change
  // could cut short, leaving the browser with a refresh cookie the server had already rotated (the session ended).
  it('is the new session once an invitation is accepted', async () => {
    const fetchStub = answering('access-after-invitation');
    vi.stubGlobal('fetch', fetchStub);
    await acceptInvitation('bwi_invitation', 'Ada Lovelace', 'a long passphrase');
    expect(accessToken()).toBe('access-after-invitation');
    const [, init] = fetchStub.mock.calls[0]!;
    expect(JSON.parse(String(init?.body)).token).toBe('bwi_invitation'); // the invitation goes in the body only
  });

  it('is the new session once signed in', async () => {
    vi.stubGlobal('fetch', answering('access-after-sign-in'));
    await openSession('ada@example.org', 'a long passphrase');
    expect(accessToken()).toBe('access-after-sign-in');
  });
});
