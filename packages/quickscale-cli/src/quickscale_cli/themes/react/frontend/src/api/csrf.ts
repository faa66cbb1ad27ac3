/** The CSRF token of Django's `csrftoken` cookie, sent as `X-CSRFToken` on unsafe requests. */

export const CSRF_COOKIE = "csrftoken";
export const CSRF_HEADER = "X-CSRFToken";
/** A GET that sets the cookie when it is missing (allauth's headless views call get_token()). */
export const CSRF_SOURCE = "/accounts/_allauth/browser/v1/config";

const SAFE = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export function isUnsafe(method: string): boolean {
  return !SAFE.has(method.toUpperCase());
}

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      return decodeURIComponent(rest.join("="));
    }
  }
  return null;
}

let pending: Promise<void> | null = null;

/** The token, fetching CSRF_SOURCE once first when the cookie is not there yet. */
export async function csrfToken(): Promise<string | null> {
  const token = readCookie(CSRF_COOKIE);
  if (token) {
    return token;
  }
  pending ??= fetch(CSRF_SOURCE, { credentials: "same-origin" })
    .then(() => undefined)
    .finally(() => {
      pending = null;
    });
  await pending;
  return readCookie(CSRF_COOKIE);
}

/**
 * One same-origin JSON request: `Accept` and (with a body) `Content-Type` JSON, the session cookie, and
 * `X-CSRFToken` on unsafe methods. Rejects only when there is no answer (a network failure).
 */
export async function sendJson(
  method: string,
  url: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...extraHeaders };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (isUnsafe(method)) {
    const token = await csrfToken();
    if (token) {
      headers[CSRF_HEADER] = token;
    }
  }
  return globalThis.fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? null : JSON.stringify(body),
  });
}
