import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './admin';
import type { MissingPaths } from './missing-paths';
import { accessToken, refreshSession } from '../session/tokens';

/**
 * The one client for the admin API, typed from the generated OpenAPI paths (plus the routes the document lacks
 * today). Every request carries the in-memory access token; a 401 refreshes the session once and retries.
 */
export const api = createClient<paths & MissingPaths>({ baseUrl: '' });

const retried = new WeakSet<Request>();
/** An unsent copy of each request: fetch consumes a body, and a retry must send it again. */
const copies = new WeakMap<Request, Request>();
const bearer: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    copies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || retried.has(request) || request.url.includes('/admin/v1/session')) return response;
    const copy = copies.get(request);
    if (!copy || !(await refreshSession())) return response;
    copy.headers.set('Authorization', `Bearer ${accessToken()}`);
    retried.add(copy);
    return fetch(copy);
  },
};
api.use(bearer);

/** An API refusal, with the error envelope's message and per-field details. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Unwraps an openapi-fetch result: the envelope's data, or an {@link ApiProblem}. */
export function unwrap<T>(result: { data?: { data: T }; error?: unknown; response: Response }): T {
  if (result.data !== undefined) return result.data.data;
  const error = (result.error ?? {}) as { error?: { message?: string; details?: Record<string, string> } };
  throw new ApiProblem(
    result.response.status,
    error.error?.message ?? `The server answered ${result.response.status}`,
    error.error?.details ?? {},
  );
}
