/**
 * The typed client of our API (/api/...), generated from the project's OpenAPI schema
 * (src/api/schema.d.ts, `npm run api:types`). Same origin, session cookie, X-CSRFToken on unsafe
 * methods. `data()` unwraps a result or throws an ApiError with the body's detail and field errors.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { CSRF_HEADER, csrfToken, isUnsafe, sendJson } from "./csrf";
import { ApiError, toApiError } from "./errors";
import type { paths } from "./schema";

export type { components, paths } from "./schema";

const csrf: Middleware = {
  async onRequest({ request }) {
    if (isUnsafe(request.method)) {
      const token = await csrfToken();
      if (token) {
        request.headers.set(CSRF_HEADER, token);
      }
    }
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: "",
  credentials: "same-origin",
  headers: { Accept: "application/json" },
  // Looked up on each call, so tests can replace globalThis.fetch.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(csrf);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a call, or an ApiError (network failures become one too). */
export async function data<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError) {
      throw error;
    }
    throw toApiError(0, null);
  }
  if (!result.response.ok) {
    throw toApiError(result.response.status, result.error);
  }
  return result.data as T;
}

/** A plain JSON call for what the schema leaves out (e.g. billing's `?team=`), with the same rules. */
export async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await sendJson(method, url, body);
  } catch {
    throw toApiError(0, null);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    throw toApiError(response.status, parsed);
  }
  return parsed as T;
}
