import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SIGNED_IN, USER, mockFetch, renderAt, setCookie } from "../test/utils";
import { TwoFactor, recentlyAuthenticated } from "./pages/TwoFactor";

const BASE = "/accounts/_allauth/browser/v1";
const NOT_ACTIVE = { status: 404, meta: { secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_url: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP" } };

describe("two-factor authentication", () => {
  it("knows when the password was given recently enough", () => {
    const now = 1_000_000;
    expect(recentlyAuthenticated([{ method: "password", at: now - 60 }], now)).toBe(true);
    expect(recentlyAuthenticated([{ method: "password", at: now - 600 }], now)).toBe(false);
    expect(recentlyAuthenticated([{ method: "email_verification", at: now }], now)).toBe(false);
  });

  it("asks for the password first, then shows the secret and activates with a code", async () => {
    setCookie("csrftoken=t");
    const now = Date.now() / 1000;
    const { calls } = mockFetch({
      [`GET ${BASE}/account/authenticators/totp`]: { status: 404, body: NOT_ACTIVE },
      [`POST ${BASE}/auth/reauthenticate`]: {
        body: { status: 200, data: { user: USER, methods: [{ method: "password", at: now }] }, meta: { is_authenticated: true } },
      },
      [`POST ${BASE}/account/authenticators/totp`]: { body: { status: 200, data: { type: "totp", created_at: now, last_used_at: null } } },
    });
    const user = userEvent.setup();
    renderAt(<TwoFactor />, "/account/2fa", SIGNED_IN);
    await user.type(await screen.findByLabelText("Password"), "secret-pass");
    await user.click(screen.getByRole("button", { name: "Confirm" }));
    const secret = await screen.findByTestId("totp-secret");
    expect(secret.textContent).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    await user.type(screen.getByLabelText("Code"), "123456");
    await user.click(screen.getByRole("button", { name: "Activate" }));
    expect(calls.find((call) => call.path.endsWith("/account/authenticators/totp") && call.method === "POST")?.body).toEqual({ code: "123456" });
  });

  it("still re-authenticates when activation answers 401, then retries it", async () => {
    setCookie("csrftoken=t");
    const now = Date.now() / 1000;
    let activations = 0;
    mockFetch({
      [`GET ${BASE}/account/authenticators/totp`]: { status: 404, body: NOT_ACTIVE },
      [`POST ${BASE}/auth/reauthenticate`]: {
        body: { status: 200, data: { user: USER, methods: [{ method: "password", at: now }] }, meta: { is_authenticated: true } },
      },
      [`POST ${BASE}/account/authenticators/totp`]: () => {
        activations += 1;
        return activations === 1
          ? { status: 401, body: { status: 401, data: { flows: [{ id: "reauthenticate" }] }, meta: { is_authenticated: true } } }
          : { body: { status: 200, data: { type: "totp", created_at: now, last_used_at: null } } };
      },
    });
    const user = userEvent.setup();
    const fresh = { ...SIGNED_IN, methods: [{ method: "password", at: now }] } as typeof SIGNED_IN;
    renderAt(<TwoFactor />, "/account/2fa", fresh);
    await user.type(await screen.findByLabelText("Code"), "123456");
    await user.click(screen.getByRole("button", { name: "Activate" }));
    await user.type(await screen.findByLabelText("Password"), "secret-pass");
    await user.click(screen.getByRole("button", { name: "Confirm" }));
    await screen.findByRole("heading", { level: 1, name: "Two-factor authentication" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(activations).toBe(2);
  });
});
