/**
 * Feature gates. A billing module (when installed) provides the signed-in owner's entitlements; without
 * one nothing is gated. `<FeatureGate feature="exports">` shows its children only when the plan has it.
 */
import { createContext, useContext, type ReactNode } from "react";

export interface Entitlements {
  loading: boolean;
  features: string[];
  limits: Record<string, unknown>;
  plan: string | null;
}

export const EntitlementsContext = createContext<Entitlements | null>(null);

/** The entitlements, or null when no module gates features. */
export function useEntitlements(): Entitlements | null {
  return useContext(EntitlementsContext);
}

export function useFeature(feature: string): boolean {
  const entitlements = useEntitlements();
  return entitlements === null || entitlements.features.includes(feature);
}

export function FeatureGate({
  feature,
  children,
  fallback = null,
}: {
  feature: string;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  const entitlements = useEntitlements();
  if (entitlements === null) {
    return <>{children}</>;
  }
  if (entitlements.loading) {
    return null;
  }
  return <>{entitlements.features.includes(feature) ? children : fallback}</>;
}
