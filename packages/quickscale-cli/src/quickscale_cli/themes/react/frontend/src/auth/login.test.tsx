import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../App";
import { USER, mockFetch, renderAt, setCookie } from "../test/utils";

const BASE = "/accounts/_allauth/browser/v1";
const ANONYMOUS = { status: 401, data: { flows: [{ id: "login" }, { id: "signup" }] }, meta: { is_authenticated: false } };
const SIGNED_IN = { status: 200, data: { user: USER, methods: [] }, meta: { is_authenticated: true } };

describe("the login journey", () => {
  it("signs in with a password, then the TOTP code step, then goes to next", async () => {
    setCookie("csrftoken=t");
    const { calls } = mockFetch({
      [`GET ${BASE}/auth/session`]: { status: 401, body: ANONYMOUS },
      [`POST ${BASE}/auth/login`]: {
        status: 401,
        body: { status: 401, data: { flows: [{ id: "mfa_authenticate", is_pending: true, types: ["totp"] }] }, meta: { is_authenticated: false } },
      },
      [`POST ${BASE}/auth/2fa/authenticate`]: (call) =>
        (call.body as { code: string }).code === "123456"
          ? { body: SIGNED_IN }
          : { status: 400, body: { status: 400, errors: [{ message: "Incorrect code.", code: "incorrect_code", param: "code" }] } },
    });
    const user = userEvent.setup();
    renderAt(<AppRoutes />, "/account/login?next=%2Faccount%2Fprofile");
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "secret-pass");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Two-factor authentication" })).toBeTruthy();
    await user.type(screen.getByLabelText("Code"), "000000");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findAllByText("Incorrect code.")).length).toBeGreaterThan(0);

    await user.clear(screen.getByLabelText("Code"));
    await user.type(screen.getByLabelText("Code"), "123456");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Your profile" })).toBeTruthy();
    expect(calls.find((call) => call.path === `${BASE}/auth/login`)?.body).toEqual({ email: "ada@example.com", password: "secret-pass" });
  });

  it("shows the server's message in an alert when the password is wrong", async () => {
    setCookie("csrftoken=t");
    mockFetch({
      [`GET ${BASE}/auth/session`]: { status: 401, body: ANONYMOUS },
      [`POST ${BASE}/auth/login`]: {
        status: 400,
        body: { status: 400, errors: [{ message: "The email address and/or password you specified are not correct.", code: "email_password_mismatch" }] },
      },
    });
    const user = userEvent.setup();
    renderAt(<AppRoutes />, "/account/login");
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/not correct/);
  });

  it("stops a signup at 'verify your email' when the address must be confirmed first", async () => {
    setCookie("csrftoken=t");
    mockFetch({
      [`GET ${BASE}/auth/session`]: { status: 401, body: ANONYMOUS },
      [`POST ${BASE}/auth/signup`]: {
        status: 401,
        body: { status: 401, data: { flows: [{ id: "verify_email", is_pending: true }] }, meta: { is_authenticated: false } },
      },
    });
    const user = userEvent.setup();
    renderAt(<AppRoutes />, "/account/signup");
    await user.type(await screen.findByLabelText("Email"), "new@example.com");
    await user.type(screen.getByLabelText("Password"), "long-enough-1");
    await user.type(screen.getByLabelText("Password (again)"), "long-enough-2");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(screen.getByText(/The two passwords differ/)).toBeTruthy();
    await user.clear(screen.getByLabelText("Password (again)"));
    await user.type(screen.getByLabelText("Password (again)"), "long-enough-1");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Verify your email address" })).toBeTruthy();
  });

  it("signs out from the account menu and shows Sign in again", async () => {
    setCookie("csrftoken=t");
    mockFetch({
      [`GET ${BASE}/auth/session`]: { body: SIGNED_IN },
      [`DELETE ${BASE}/auth/session`]: { status: 401, body: ANONYMOUS },
    });
    const user = userEvent.setup();
    renderAt(<AppRoutes />, "/dashboard");
    await screen.findByRole("heading", { level: 1, name: "Dashboard" });
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(screen.getAllByRole("link", { name: "Sign in" }).length).toBeGreaterThan(0));
    expect(screen.getByRole("heading", { level: 1, name: "Welcome" })).toBeTruthy();
  });

  it("re-reads the session when it is gone (410) and sends the user to sign in", async () => {
    mockFetch({ [`GET ${BASE}/auth/session`]: { status: 410, body: { status: 410 } } });
    renderAt(<AppRoutes />, "/account/profile");
    expect(await screen.findByRole("heading", { level: 1, name: "Sign in" })).toBeTruthy();
  });
});
