/** Route guards: who may see a page, and where a pending login or signup flow continues. */
import type { ReactNode } from "react";
import { Navigate, useLocation, useSearchParams } from "react-router";
import { Loading } from "../components/ui";
import { useAuth } from "./AuthProvider";
import { pendingPath, safeNext } from "./flow";

/** Signed-in users only: others go to the login page (back here after), a pending flow to its step. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const state = useAuth();
  const location = useLocation();
  if (state.kind === "loading") {
    return <Loading />;
  }
  if (state.kind === "authenticated") {
    return <>{children}</>;
  }
  const pending = pendingPath(state);
  if (pending) {
    return <Navigate to={pending} replace />;
  }
  const next = encodeURIComponent(location.pathname + location.search);
  return <Navigate to={`/account/login?next=${next}`} replace />;
}

/** Login, signup, password reset: a signed-in user goes on to `next` (or the dashboard). */
export function RequireAnonymous({ children }: { children: ReactNode }) {
  const state = useAuth();
  const [params] = useSearchParams();
  if (state.kind === "loading") {
    return <Loading />;
  }
  if (state.kind === "authenticated") {
    return <Navigate to={safeNext(params.get("next"))} replace />;
  }
  return <>{children}</>;
}

/** A step of a pending flow (e.g. the 2FA code): only while that flow is pending. */
export function RequireFlow({ flow, children }: { flow: string; children: ReactNode }) {
  const state = useAuth();
  const [params] = useSearchParams();
  if (state.kind === "loading") {
    return <Loading />;
  }
  if (state.kind === "pending" && state.flow === flow) {
    return <>{children}</>;
  }
  if (state.kind === "authenticated") {
    return <Navigate to={safeNext(params.get("next"))} replace />;
  }
  return <Navigate to={pendingPath(state) ?? "/account/login"} replace />;
}
