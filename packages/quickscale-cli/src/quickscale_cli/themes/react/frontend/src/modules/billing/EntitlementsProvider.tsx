import type { ReactNode } from "react";
import { useAuth } from "../../auth/AuthProvider";
import { EntitlementsContext, type Entitlements } from "../../lib/features";
import { useSubscription } from "./api";

/** Feature gates follow the signed-in owner's plan (GET /api/billing/subscription/: features, limits). */
export function EntitlementsProvider({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const signedIn = auth.kind === "authenticated";
  const subscription = useSubscription(signedIn);
  const data = subscription.data;
  const value: Entitlements = {
    loading: signedIn && subscription.isPending,
    features: data?.active ? data.features : [],
    limits: data?.active ? data.limits : {},
    plan: data?.active ? data.plan : null,
  };
  return <EntitlementsContext.Provider value={value}>{children}</EntitlementsContext.Provider>;
}
