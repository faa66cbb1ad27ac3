/**
 * The auth state of the app, kept in TanStack Query under ["auth"]: loaded from GET /auth/session,
 * then replaced by every headless answer that tells it (login, signup, 2FA step, logout, 410 session
 * gone). When the user changes, every other cached query is dropped.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { stateFrom, type AuthState } from "./flow";
import { headless, onAuthChange, type User } from "./headless";

export const AUTH_KEY = ["auth"] as const;

function userId(state: AuthState | undefined): string | null {
  return state?.kind === "authenticated" ? String(state.user.id) : null;
}

/** What the cache must do when the auth state changes: drop a signed-out user's data, refetch on sign-in. */
export function cacheAction(previous: AuthState | undefined, next: AuthState): "remove" | "refetch" | "keep" {
  const before = userId(previous);
  const after = userId(next);
  if (before === after) {
    return "keep";
  }
  return before !== null ? "remove" : "refetch";
}

export async function loadSession(): Promise<AuthState> {
  const response = await headless.session();
  const state = stateFrom(response);
  if (state) {
    return state;
  }
  if (response.status === 0) {
    throw new Error(response.errors?.[0]?.message ?? "The server cannot be reached.");
  }
  return { kind: "anonymous" };
}

const AuthContext = createContext<AuthState>({ kind: "loading" });

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: AUTH_KEY, queryFn: loadSession, staleTime: Infinity, retry: 1 });

  useEffect(
    () =>
      onAuthChange((response) => {
        const next = stateFrom(response);
        if (!next) {
          return;
        }
        const action = cacheAction(client.getQueryData<AuthState>(AUTH_KEY), next);
        const others = { predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== AUTH_KEY[0] };
        client.setQueryData(AUTH_KEY, next);
        if (action === "remove") {
          client.removeQueries(others);
        } else if (action === "refetch") {
          void client.invalidateQueries(others);
        }
      }),
    [client],
  );

  const state: AuthState = query.data ?? (query.isError ? { kind: "anonymous" } : { kind: "loading" });
  return <AuthContext.Provider value={state}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}

export function useUser(): User | null {
  const state = useAuth();
  return state.kind === "authenticated" ? state.user : null;
}
