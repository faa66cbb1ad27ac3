/**
 * The auth state machine: what the server's answers say about the visitor, and where a pending flow
 * continues. Pure functions (tested alone); AuthProvider keeps the current state.
 */
import type { AuthData, AuthMethod, HeadlessResponse, User } from "./headless";

/** Flows the login or signup can stop at, with the page that continues each. */
export const PENDING_PATHS: Record<string, string> = {
  verify_email: "/account/verify-email",
  mfa_authenticate: "/account/2fa/authenticate",
};

export type AuthState =
  | { kind: "loading" }
  | { kind: "anonymous"; gone?: boolean }
  | { kind: "pending"; flow: string; types?: string[] }
  | { kind: "authenticated"; user: User; methods: AuthMethod[] };

/** The state a response tells, or null when it tells nothing new (a 401 asking to re-authenticate). */
export function stateFrom(response: HeadlessResponse<AuthData>): AuthState | null {
  if (response.status === 410) {
    return { kind: "anonymous", gone: true };
  }
  const authenticated = response.meta?.is_authenticated;
  if (response.status === 200 && authenticated === true && response.data?.user) {
    return { kind: "authenticated", user: response.data.user, methods: response.data.methods ?? [] };
  }
  if (response.status === 401) {
    if (authenticated === true) {
      return null; // reauthentication required: still signed in
    }
    const pending = response.data?.flows?.find((flow) => flow.is_pending);
    if (pending && pending.id in PENDING_PATHS) {
      return pending.types ? { kind: "pending", flow: pending.id, types: pending.types } : { kind: "pending", flow: pending.id };
    }
    return { kind: "anonymous" };
  }
  if (response.status === 200 && authenticated === false) {
    return { kind: "anonymous" };
  }
  return null;
}

/** Where the visitor must go now for this state, or null when any page is fine. */
export function pendingPath(state: AuthState): string | null {
  return state.kind === "pending" ? (PENDING_PATHS[state.flow] ?? null) : null;
}

/** A safe in-app `next` (a path of this site, never another origin). */
export function safeNext(next: string | null | undefined, fallback = "/dashboard"): string {
  if (next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) {
    return next;
  }
  return fallback;
}

const NEXT_KEY = "quickscale.next";

/**
 * The page a pending flow goes on to. The email-confirmation link opens in a new page load, so the
 * `next` of a signup (e.g. an invitation to accept) is kept in sessionStorage until then.
 */
export function rememberNext(next: string | null): void {
  try {
    if (next) {
      window.sessionStorage.setItem(NEXT_KEY, next);
    } else {
      window.sessionStorage.removeItem(NEXT_KEY);
    }
  } catch {
    // storage refused: the dashboard then
  }
}

export function takeNext(): string {
  let next: string | null = null;
  try {
    next = window.sessionStorage.getItem(NEXT_KEY);
    window.sessionStorage.removeItem(NEXT_KEY);
  } catch {
    next = null;
  }
  return safeNext(next);
}

/** The path of a pending step, with `next` only when the visitor came with one. */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(safeNext(next))}` : path;
}
