import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { FeatureGate } from "../../lib/features";
import { setCurrentTeam } from "../../lib/currentTeam";
import { SIGNED_IN, mockFetch, renderAt, setCookie } from "../../test/utils";
import billing from ".";
import * as api from "./api";
import { EntitlementsProvider } from "./EntitlementsProvider";

function routes() {
  return (
    <Routes>
      {billing.routes.map((route) => (
        <Route key={route.path} path={route.path} element={route.element} />
      ))}
    </Routes>
  );
}

const PLANS = [
  {
    key: "pro",
    name: "Pro",
    product_id: "prod_1",
    features: ["exports"],
    feature_labels: ["Data exports"],
    limits: {},
    per_seat: false,
    prices: [
      { id: "price_m", interval: "month", unit_amount: 1200, currency: "usd", display: "$12.00/month" },
      { id: "price_y", interval: "year", unit_amount: 12000, currency: "usd", display: "$120.00/year" },
    ],
  },
];
const NONE = { id: null, status: null, active: false, plan: null, features: [], limits: {}, current_period_end: null, cancel_at_period_end: false };
const PRO = { ...NONE, id: "sub_1", status: "active", active: true, plan: "pro", features: ["exports"], current_period_end: "2030-01-01T00:00:00Z" };

describe("billing", () => {
  it("subscribes: posts the chosen price for the current team and leaves for the returned URL", async () => {
    setCookie("csrftoken=t");
    setCurrentTeam("acme");
    const go = vi.spyOn(api.leave, "go").mockImplementation(() => undefined);
    const { calls } = mockFetch({
      "GET /api/billing/plans/": { body: PLANS },
      "GET /api/billing/subscription/?team=acme": { body: NONE },
      "POST /api/billing/checkout-session/?team=acme": { status: 201, body: { url: "http://127.0.0.1:12111/checkout/cs_1" } },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/pricing", SIGNED_IN);
    expect(await screen.findByRole("heading", { name: "Pro" })).toBeTruthy();
    await user.click(screen.getByRole("radio", { name: "Yearly" }));
    await user.click(screen.getByRole("button", { name: "Subscribe to Pro" }));
    await waitFor(() => expect(go).toHaveBeenCalledWith("http://127.0.0.1:12111/checkout/cs_1"));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ price: "price_y" });
  });

  it("shows why checkout was refused", async () => {
    setCookie("csrftoken=t");
    mockFetch({
      "GET /api/billing/plans/": { body: PLANS },
      "GET /api/billing/subscription/": { body: NONE },
      "POST /api/billing/checkout-session/": { status: 503, body: { detail: "Payments are unavailable: try again later.", code: "unavailable", errors: {} } },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/pricing", SIGNED_IN);
    await user.click(await screen.findByRole("button", { name: "Subscribe to Pro" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Payments are unavailable: try again later.");
  });

  it("shows the plan on the billing page and opens the portal", async () => {
    setCookie("csrftoken=t");
    const go = vi.spyOn(api.leave, "go").mockImplementation(() => undefined);
    mockFetch({
      "GET /api/billing/subscription/": { body: PRO },
      "GET /api/billing/plans/": { body: PLANS },
      "POST /api/billing/portal-session/": { status: 201, body: { url: "http://127.0.0.1:12111/portal/x" } },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/billing", SIGNED_IN);
    expect(await screen.findByText("Pro")).toBeTruthy();
    expect(screen.getByText("Data exports")).toBeTruthy();
    expect(screen.getByText("Active")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Manage billing" }));
    await waitFor(() => expect(go).toHaveBeenCalledWith("http://127.0.0.1:12111/portal/x"));
  });

  it("gates features by the plan's entitlements", async () => {
    mockFetch({ "GET /api/billing/subscription/": { body: PRO } });
    renderAt(
      <EntitlementsProvider>
        <FeatureGate feature="exports" fallback={<p>Upgrade for exports</p>}><p>Export now</p></FeatureGate>
        <FeatureGate feature="sso" fallback={<p>Upgrade for SSO</p>}><p>SSO on</p></FeatureGate>
      </EntitlementsProvider>,
      "/",
      SIGNED_IN,
    );
    expect(await screen.findByText("Export now")).toBeTruthy();
    expect(screen.getByText("Upgrade for SSO")).toBeTruthy();
  });

  it("formats amounts in the price's currency", () => {
    expect(api.formatAmount(1200, "usd")).toMatch(/12\.00/);
    expect(api.withTeam("/api/billing/subscription/", "a b")).toBe("/api/billing/subscription/?team=a%20b");
  });
});

describe("pricing for a visitor", () => {
  it("asks to sign in when the plans are for signed-in users only", async () => {
    mockFetch({ "GET /api/billing/plans/": { status: 403, body: { detail: "Authentication credentials were not provided.", code: "not_authenticated", errors: {} } } });
    renderAt(routes(), "/pricing", { kind: "anonymous" });
    expect(await screen.findByRole("heading", { name: "Sign in to see the plans" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
