import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, setCookie } from "../test/utils";
import { HEADLESS_BASE, errorMessages, headless, needsReauthentication, onAuthChange } from "./headless";

const listeners: (() => void)[] = [];
afterEach(() => listeners.splice(0).forEach((off) => off()));

function listen() {
  const heard = vi.fn();
  listeners.push(onAuthChange(heard));
  return heard;
}

describe("the headless client", () => {
  it("posts JSON to the browser API with the CSRF header and the session cookie", async () => {
    setCookie("csrftoken=tok");
    const { fetch, calls } = mockFetch({
      [`POST ${HEADLESS_BASE}/auth/login`]: { body: { status: 200, data: { user: { id: 1 } }, meta: { is_authenticated: true } } },
    });
    await headless.login("a@example.com", "pw");
    expect(calls[0]?.headers.get("X-CSRFToken")).toBe("tok");
    expect(calls[0]?.headers.get("Content-Type")).toBe("application/json");
    expect(calls[0]?.body).toEqual({ email: "a@example.com", password: "pw" });
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ credentials: "same-origin", method: "POST" });
  });

  it("tells the listeners of a 401 with flows (signed out, or a pending step)", async () => {
    const heard = listen();
    const pending = { status: 401, data: { flows: [{ id: "mfa_authenticate", is_pending: true }] }, meta: { is_authenticated: false } };
    mockFetch({ [`POST ${HEADLESS_BASE}/auth/login`]: { status: 401, body: pending } });
    const answer = await headless.login("a@example.com", "pw");
    expect(answer.status).toBe(401);
    expect(heard).toHaveBeenCalledWith(pending);
  });

  it("tells the listeners when the session is gone (410)", async () => {
    const heard = listen();
    mockFetch({ [`GET ${HEADLESS_BASE}/auth/session`]: { status: 410, body: { status: 410 } } });
    await headless.session();
    expect(heard).toHaveBeenCalledWith({ status: 410 });
  });

  it("does not bother the listeners with input errors", async () => {
    const heard = listen();
    setCookie("csrftoken=t");
    const body = { status: 400, errors: [{ message: "Incorrect code.", code: "incorrect_code", param: "code" }, { message: "Try later.", code: "x" }] };
    mockFetch({ [`POST ${HEADLESS_BASE}/auth/2fa/authenticate`]: { status: 400, body } });
    const answer = await headless.mfaAuthenticate("123456");
    expect(heard).not.toHaveBeenCalled();
    expect(errorMessages(answer, "code")).toEqual(["Incorrect code."]);
    expect(errorMessages(answer)).toEqual(["Try later."]);
  });

  it("sends the keys of email and password-reset links as headers", async () => {
    const { calls } = mockFetch({
      [`GET ${HEADLESS_BASE}/auth/email/verify`]: { body: { status: 200, data: { email: "a@example.com" } } },
      [`GET ${HEADLESS_BASE}/auth/password/reset`]: { status: 400, body: { status: 400, errors: [{ message: "Bad key.", code: "invalid", param: "key" }] } },
    });
    await headless.verificationInfo("k1");
    await headless.passwordResetInfo("k2");
    expect(calls[0]?.headers.get("X-Email-Verification-Key")).toBe("k1");
    expect(calls[1]?.headers.get("X-Password-Reset-Key")).toBe("k2");
  });

  it("finds the re-authentication flows of a signed-in 401", () => {
    const reauth = {
      status: 401,
      data: { flows: [{ id: "login" }, { id: "reauthenticate" }, { id: "mfa_reauthenticate" }] },
      meta: { is_authenticated: true },
    };
    expect(needsReauthentication(reauth)?.map((flow) => flow.id)).toEqual(["reauthenticate", "mfa_reauthenticate"]);
    expect(needsReauthentication({ status: 401, meta: { is_authenticated: false } })).toBeNull();
    expect(needsReauthentication({ status: 200 })).toBeNull();
  });

  it("turns a network failure or a non-JSON answer into an error message", async () => {
    mockFetch({});
    globalThis.fetch = () => Promise.reject(new TypeError("offline"));
    expect(errorMessages(await headless.session())[0]).toMatch(/cannot be reached/);
    globalThis.fetch = async () => new Response("<html>oops</html>", { status: 502 });
    const answer = await headless.session();
    expect(answer.status).toBe(502);
    expect(errorMessages(answer)[0]).toMatch(/502/);
  });
});

describe("the alert above a form", () => {
  it("says the general errors, else the errors of fields not shown, else points at the fields", async () => {
    const { formErrors } = await import("./headless");
    const both = { status: 400, errors: [{ message: "Too many attempts.", code: "x" }, { message: "Too short.", code: "y", param: "password" }] };
    expect(formErrors(both, ["password"])).toEqual(["Too many attempts."]);
    const fieldOnly = { status: 400, errors: [{ message: "Too short.", code: "y", param: "password" }] };
    expect(formErrors(fieldOnly, ["password"])).toEqual(["Check the fields below."]);
    expect(formErrors(fieldOnly, [])).toEqual(["Too short."]);
    expect(formErrors({ status: 200 })).toEqual([]);
  });
});
