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

function userKey(state: AuthState | undefined): string {
  return state?.kind === "authenticated" ? String(state.user.id) : (state?.kind ?? "none");
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
        const previous = client.getQueryData<AuthState>(AUTH_KEY);
        if (userKey(previous) !== userKey(next)) {
          client.removeQueries({ predicate: (q) => q.queryKey[0] !== AUTH_KEY[0] });
        }
        client.setQueryData(AUTH_KEY, next);
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
