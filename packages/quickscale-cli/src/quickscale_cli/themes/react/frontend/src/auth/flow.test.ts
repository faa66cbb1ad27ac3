import { describe, expect, it } from "vitest";
import { cacheAction } from "./AuthProvider";
import { pendingPath, rememberNext, safeNext, stateFrom, takeNext, withNext, type AuthState } from "./flow";

const user = { id: 7, display: "ada", email: "ada@example.com", has_usable_password: true };

describe("the auth state machine", () => {
  it("is authenticated on a 200 with a user", () => {
    expect(stateFrom({ status: 200, data: { user, methods: [] }, meta: { is_authenticated: true } })).toEqual({
      kind: "authenticated",
      user,
      methods: [],
    });
  });

  it("is anonymous on a 401 without a pending flow", () => {
    expect(stateFrom({ status: 401, data: { flows: [{ id: "login" }, { id: "signup" }] }, meta: { is_authenticated: false } })).toEqual({
      kind: "anonymous",
    });
  });

  it("stops at verify_email after a signup that needs the address confirmed", () => {
    const state = stateFrom({
      status: 401,
      data: { flows: [{ id: "login" }, { id: "verify_email", is_pending: true }] },
      meta: { is_authenticated: false },
    });
    expect(state).toEqual({ kind: "pending", flow: "verify_email" });
    expect(pendingPath(state as AuthState)).toBe("/account/verify-email");
  });

  it("stops at mfa_authenticate after a password login with 2FA on", () => {
    const state = stateFrom({
      status: 401,
      data: { flows: [{ id: "mfa_authenticate", is_pending: true, types: ["totp", "recovery_codes"] }] },
      meta: { is_authenticated: false },
    });
    expect(state).toEqual({ kind: "pending", flow: "mfa_authenticate", types: ["totp", "recovery_codes"] });
    expect(pendingPath(state as AuthState)).toBe("/account/2fa/authenticate");
  });

  it("ignores a pending flow it has no page for", () => {
    expect(
      stateFrom({ status: 401, data: { flows: [{ id: "provider_signup", is_pending: true }] }, meta: { is_authenticated: false } }),
    ).toEqual({ kind: "anonymous" });
  });

  it("keeps the user signed in on a 401 that asks to re-authenticate", () => {
    expect(stateFrom({ status: 401, data: { flows: [{ id: "reauthenticate" }] }, meta: { is_authenticated: true } })).toBeNull();
  });

  it("is anonymous (session gone) on a 410", () => {
    expect(stateFrom({ status: 410 })).toEqual({ kind: "anonymous", gone: true });
  });

  it("tells nothing on input errors", () => {
    expect(stateFrom({ status: 400, errors: [{ message: "x", code: "y" }] })).toBeNull();
  });

  it("accepts only in-site next paths", () => {
    expect(safeNext("/teams/a")).toBe("/teams/a");
    expect(safeNext("//evil.example")).toBe("/dashboard");
    expect(safeNext("https://evil.example")).toBe("/dashboard");
    expect(safeNext("/\\evil.example")).toBe("/dashboard");
    expect(safeNext(null)).toBe("/dashboard");
  });

  it("drops a signed-out user's cached data and refetches after a sign-in", () => {
    const signedIn: AuthState = { kind: "authenticated", user, methods: [] };
    const other: AuthState = { kind: "authenticated", user: { ...user, id: 8 }, methods: [] };
    expect(cacheAction(signedIn, { kind: "anonymous" })).toBe("remove");
    expect(cacheAction(signedIn, other)).toBe("remove");
    expect(cacheAction({ kind: "anonymous" }, signedIn)).toBe("refetch");
    expect(cacheAction(undefined, { kind: "anonymous" })).toBe("keep");
    expect(cacheAction(signedIn, signedIn)).toBe("keep");
  });

  it("adds next to a pending step only when there is one, and keeps it for the confirmation link", () => {
    expect(withNext("/account/verify-email", null)).toBe("/account/verify-email");
    expect(withNext("/account/verify-email", "/teams/invitations/t")).toBe("/account/verify-email?next=%2Fteams%2Finvitations%2Ft");
    rememberNext("/teams/invitations/t");
    expect(takeNext()).toBe("/teams/invitations/t");
    expect(takeNext()).toBe("/dashboard");
  });
});
