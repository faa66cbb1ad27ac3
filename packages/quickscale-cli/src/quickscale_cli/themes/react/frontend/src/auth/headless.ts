/**
 * A small typed client of allauth's headless API, browser flavour (session cookie + CSRF, one origin):
 * /accounts/_allauth/browser/v1. Every call resolves to the response body (errors included: allauth
 * answers flows with 401); `onAuthChange` listeners hear each response that tells the auth state
 * (200/401 with `meta.is_authenticated`, 410 session gone), so the app's state follows the server.
 */
import { sendJson } from "../api/csrf";

export const HEADLESS_BASE = "/accounts/_allauth/browser/v1";

export interface User {
  id: number | string;
  display: string;
  email: string | null;
  username?: string | null;
  has_usable_password: boolean;
}

export interface Flow {
  id: string;
  is_pending?: boolean;
  types?: string[];
}

export interface AuthMethod {
  method: string;
  at: number;
  email?: string;
  type?: string;
}

export interface HeadlessError {
  message: string;
  code: string;
  param?: string;
}

export interface Meta {
  is_authenticated?: boolean;
  session_token?: string;
  is_authenticating?: boolean;
  secret?: string;
  totp_url?: string;
  recovery_codes_generated?: boolean;
}

export interface HeadlessResponse<T = unknown> {
  status: number;
  data?: T;
  meta?: Meta;
  errors?: HeadlessError[];
}

export interface AuthData {
  user?: User;
  methods?: AuthMethod[];
  flows?: Flow[];
}

export interface EmailAddress {
  email: string;
  primary: boolean;
  verified: boolean;
}

export interface TOTPAuthenticator {
  type: "totp";
  created_at: number;
  last_used_at: number | null;
}

export interface RecoveryCodes {
  type: "recovery_codes";
  total_code_count: number;
  unused_code_count: number;
  unused_codes?: string[];
}

export type Authenticator = TOTPAuthenticator | RecoveryCodes | { type: "webauthn"; name?: string };

export interface Config {
  account: { is_open_for_signup?: boolean; login_by_code_enabled?: boolean };
  mfa?: { supported_types: string[] };
}

export type AuthListener = (response: HeadlessResponse<AuthData>) => void;

const listeners = new Set<AuthListener>();

export function onAuthChange(listener: AuthListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function tellsAuthState(response: HeadlessResponse): boolean {
  if (response.status === 410) {
    return true;
  }
  return (response.status === 200 || response.status === 401) && typeof response.meta?.is_authenticated === "boolean";
}

const NETWORK_ERROR: HeadlessError = {
  message: "The server cannot be reached: check your connection and try again.",
  code: "network",
};

/** One call; never throws (a network failure or a non-JSON answer becomes `errors`). */
export async function call<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<HeadlessResponse<T>> {
  let response: Response;
  try {
    response = await sendJson(method, HEADLESS_BASE + path, body, extraHeaders);
  } catch {
    return { status: 0, errors: [NETWORK_ERROR] };
  }
  let parsed: HeadlessResponse<T>;
  try {
    parsed = (await response.json()) as HeadlessResponse<T>;
  } catch {
    parsed = {
      status: response.status,
      errors: [{ message: `The server answered ${response.status}: try again in a moment.`, code: "server_error" }],
    };
  }
  parsed.status ??= response.status;
  if (tellsAuthState(parsed)) {
    for (const listener of listeners) {
      listener(parsed as HeadlessResponse<AuthData>);
    }
  }
  return parsed;
}

/** The messages of a failed response: for one field (`param`) or, without it, those of no field. */
export function errorMessages(response: HeadlessResponse | null | undefined, param?: string): string[] {
  const errors = response?.errors ?? [];
  return errors.filter((error) => (param ? error.param === param : !error.param)).map((error) => error.message);
}

/**
 * What the alert above a form says: the errors of no field, else (only field errors) one line that
 * points at the fields, so every failed submit has a role="alert".
 */
export function formErrors(response: HeadlessResponse | null | undefined, shownParams: string[] = []): string[] {
  const general = errorMessages(response);
  if (general.length) {
    return general;
  }
  const errors = response?.errors ?? [];
  const unshown = errors.filter((error) => error.param && !shownParams.includes(error.param)).map((error) => error.message);
  if (unshown.length) {
    return unshown;
  }
  return errors.length ? ["Check the fields below."] : [];
}

/** A 401 that asks the signed-in user to confirm who they are (password or 2FA code) before acting. */
export function needsReauthentication(response: HeadlessResponse<unknown>): Flow[] | null {
  if (response.status !== 401 || response.meta?.is_authenticated !== true) {
    return null;
  }
  const flows = (response.data as AuthData | undefined)?.flows ?? [];
  return flows.filter((flow) => flow.id === "reauthenticate" || flow.id === "mfa_reauthenticate");
}

const key = (name: string, value: string): Record<string, string> => ({ [name]: value });

export const headless = {
  config: () => call<Config>("GET", "/config"),
  session: () => call<AuthData>("GET", "/auth/session"),
  logout: () => call<AuthData>("DELETE", "/auth/session"),
  login: (email: string, password: string) => call<AuthData>("POST", "/auth/login", { email, password }),
  signup: (email: string, password: string) => call<AuthData>("POST", "/auth/signup", { email, password }),
  verificationInfo: (k: string) =>
    call<{ email: string; user: User }>("GET", "/auth/email/verify", undefined, key("X-Email-Verification-Key", k)),
  verifyEmail: (k: string) => call<AuthData>("POST", "/auth/email/verify", { key: k }),
  resendVerification: () => call("POST", "/auth/email/verify/resend"),
  requestPasswordReset: (email: string) => call("POST", "/auth/password/request", { email }),
  passwordResetInfo: (k: string) =>
    call<{ user: User }>("GET", "/auth/password/reset", undefined, key("X-Password-Reset-Key", k)),
  resetPassword: (k: string, password: string) => call<AuthData>("POST", "/auth/password/reset", { key: k, password }),
  mfaAuthenticate: (code: string) => call<AuthData>("POST", "/auth/2fa/authenticate", { code }),
  reauthenticate: (password: string) => call<AuthData>("POST", "/auth/reauthenticate", { password }),
  mfaReauthenticate: (code: string) => call<AuthData>("POST", "/auth/2fa/reauthenticate", { code }),
  changePassword: (current_password: string, new_password: string) =>
    call("POST", "/account/password/change", { current_password, new_password }),
  emails: () => call<EmailAddress[]>("GET", "/account/email"),
  addEmail: (email: string) => call<EmailAddress[]>("POST", "/account/email", { email }),
  sendVerification: (email: string) => call("PUT", "/account/email", { email }),
  makePrimary: (email: string) => call<EmailAddress[]>("PATCH", "/account/email", { email, primary: true }),
  removeEmail: (email: string) => call<EmailAddress[]>("DELETE", "/account/email", { email }),
  authenticators: () => call<Authenticator[]>("GET", "/account/authenticators"),
  totp: () => call<TOTPAuthenticator>("GET", "/account/authenticators/totp"),
  activateTotp: (code: string) => call<TOTPAuthenticator>("POST", "/account/authenticators/totp", { code }),
  deactivateTotp: () => call("DELETE", "/account/authenticators/totp"),
  recoveryCodes: () => call<RecoveryCodes>("GET", "/account/authenticators/recovery-codes"),
  regenerateRecoveryCodes: () => call<RecoveryCodes>("POST", "/account/authenticators/recovery-codes"),
};
