/**
 * The billing module's data: /api/billing/... With billing owned by teams, `?team=<slug>` (the current
 * team, src/lib/currentTeam) picks whose subscription; the schema leaves that parameter out, so these
 * calls go through `request` with the schema's types.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { request, type components } from "../../api/client";
import type { ApiError } from "../../api/errors";
import { useCurrentTeam } from "../../lib/currentTeam";

export type Plan = components["schemas"]["Plan"];
export type Price = components["schemas"]["Price"];
export type Subscription = components["schemas"]["Subscription"];
export type Redirect = components["schemas"]["Redirect"];

export function withTeam(path: string, team: string | null): string {
  return team ? `${path}?team=${encodeURIComponent(team)}` : path;
}

export const billingKeys = {
  all: ["billing"] as const,
  plans: ["billing", "plans"] as const,
  subscription: (team: string | null) => ["billing", "subscription", team] as const,
};

export function usePlans() {
  return useQuery({ queryKey: billingKeys.plans, queryFn: () => request<Plan[]>("GET", "/api/billing/plans/") });
}

export function useSubscription(enabled = true) {
  const team = useCurrentTeam();
  return useQuery({
    queryKey: billingKeys.subscription(team),
    queryFn: () => request<Subscription>("GET", withTeam("/api/billing/subscription/", team)),
    enabled,
  });
}

/** The browser leaves for Stripe (or the local stand-in): the URL the API returns (an object, so tests can spy). */
export const leave = {
  go(url: string): void {
    window.location.assign(url);
  },
};

export function useCheckout() {
  const team = useCurrentTeam();
  return useMutation<Redirect, ApiError, string>({
    mutationFn: (price) => request<Redirect>("POST", withTeam("/api/billing/checkout-session/", team), { price }),
    onSuccess: ({ url }) => leave.go(url),
  });
}

export function usePortal() {
  const team = useCurrentTeam();
  return useMutation<Redirect, ApiError>({
    mutationFn: () => request<Redirect>("POST", withTeam("/api/billing/portal-session/", team)),
    onSuccess: ({ url }) => leave.go(url),
  });
}

export function formatAmount(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) {
    return "—";
  }
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}
