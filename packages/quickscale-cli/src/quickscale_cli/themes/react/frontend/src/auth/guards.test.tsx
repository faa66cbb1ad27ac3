import { screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { describe, expect, it } from "vitest";
import { SIGNED_IN, mockFetch, renderAt } from "../test/utils";
import { RequireAnonymous, RequireAuth, RequireFlow } from "./guards";

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function routes() {
  return (
    <Routes>
      <Route path="/private" element={<RequireAuth><h1>Private</h1></RequireAuth>} />
      <Route path="/account/login" element={<RequireAnonymous><h1>Login</h1></RequireAnonymous>} />
      <Route path="/account/2fa/authenticate" element={<RequireFlow flow="mfa_authenticate"><h1>Code step</h1></RequireFlow>} />
      <Route path="*" element={<Where />} />
    </Routes>
  );
}

describe("route guards", () => {
  it("send a visitor to the login page, with the page to come back to", () => {
    mockFetch({});
    renderAt(routes(), "/private?tab=1", { kind: "anonymous" });
    expect(screen.getByRole("heading", { name: "Login" })).toBeTruthy();
  });

  it("let a signed-in user in", () => {
    mockFetch({});
    renderAt(routes(), "/private", SIGNED_IN);
    expect(screen.getByRole("heading", { name: "Private" })).toBeTruthy();
  });

  it("send a login that waits for its 2FA code to the code step", () => {
    mockFetch({});
    renderAt(routes(), "/private", { kind: "pending", flow: "mfa_authenticate" });
    expect(screen.getByRole("heading", { name: "Code step" })).toBeTruthy();
  });

  it("send a signup that waits for its email confirmation to the 'check your email' page", () => {
    mockFetch({});
    renderAt(routes(), "/private", { kind: "pending", flow: "verify_email" });
    expect(screen.getByTestId("where").textContent).toBe("/account/verify-email");
  });

  it("move a signed-in user on from the login page to next", () => {
    mockFetch({});
    renderAt(routes(), "/account/login?next=%2Fteams%2Fa", SIGNED_IN);
    expect(screen.getByTestId("where").textContent).toBe("/teams/a");
  });

  it("refuse an off-site next", () => {
    mockFetch({});
    renderAt(routes(), "/account/login?next=%2F%2Fevil.example", SIGNED_IN);
    expect(screen.getByTestId("where").textContent).toBe("/dashboard");
  });

  it("keep the code step for a pending 2FA login only", () => {
    mockFetch({});
    renderAt(routes(), "/account/2fa/authenticate", { kind: "anonymous" });
    expect(screen.getByRole("heading", { name: "Login" })).toBeTruthy();
  });

  it("wait for the session before deciding", async () => {
    mockFetch({
      "GET /accounts/_allauth/browser/v1/auth/session": {
        body: { status: 200, data: { user: SIGNED_IN.kind === "authenticated" ? SIGNED_IN.user : null, methods: [] }, meta: { is_authenticated: true } },
      },
    });
    renderAt(routes(), "/private");
    expect(screen.getByRole("status").textContent).toMatch(/Loading/);
    expect(await screen.findByRole("heading", { name: "Private" })).toBeTruthy();
  });
});
