/** Test helpers: a fetch stand-in answering by "METHOD /path", and the app rendered at a path. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { AUTH_KEY, AuthProvider } from "../auth/AuthProvider";
import type { AuthState } from "../auth/flow";

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Call {
  method: string;
  url: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type Handler = Reply | ((call: Call) => Reply);

/** Replaces globalThis.fetch; unknown routes answer 404 (and are listed in `calls`). */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    const url = request ? request.url : String(input);
    const method = (request?.method ?? init?.method ?? "GET").toUpperCase();
    const headers = new Headers(request ? request.headers : init?.headers);
    let text: string | null = null;
    if (request) {
      text = request.body ? await request.text() : null;
    } else if (typeof init?.body === "string") {
      text = init.body;
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const parsed = new URL(url, "http://localhost");
    const call: Call = { method, url, path: parsed.pathname + parsed.search, headers, body };
    calls.push(call);
    const handler = routes[`${method} ${parsed.pathname + parsed.search}`] ?? routes[`${method} ${parsed.pathname}`];
    const reply = typeof handler === "function" ? handler(call) : (handler ?? { status: 404, body: { detail: "Not found.", code: "not_found", errors: {} } });
    const status = reply.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
      status,
      headers: { "Content-Type": "application/json", ...reply.headers },
    });
  });
  vi.stubGlobal("fetch", fetch);
  return { fetch, calls };
}

export const USER = { id: 1, display: "ada", email: "ada@example.com", has_usable_password: true };
export const SIGNED_IN: AuthState = { kind: "authenticated", user: USER, methods: [] };

export function testClient(auth?: AuthState): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  if (auth) {
    client.setQueryData(AUTH_KEY, auth);
  }
  return client;
}

/** Renders `ui` at `path` with the providers the app has (auth state preset when given). */
export function renderAt(ui: ReactNode, path: string, auth?: AuthState) {
  const client = testClient(auth);
  const result = render(
    <QueryClientProvider client={client}>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, client };
}

export function setCookie(value: string) {
  document.cookie = value;
}
