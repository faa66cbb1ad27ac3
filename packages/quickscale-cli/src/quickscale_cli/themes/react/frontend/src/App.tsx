import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { ApiError } from "./api/errors";
import { AUTH_KEY, AuthProvider } from "./auth/AuthProvider";
import { RequireAnonymous, RequireAuth, RequireFlow } from "./auth/guards";
import { DeleteAccount, Export } from "./auth/pages/AccountData";
import { Email } from "./auth/pages/Email";
import { Login } from "./auth/pages/Login";
import { Logout } from "./auth/pages/Logout";
import { MfaAuthenticate } from "./auth/pages/MfaAuthenticate";
import { PasswordResetKey, PasswordResetRequest } from "./auth/pages/PasswordReset";
import { Profile } from "./auth/pages/Profile";
import { Signup } from "./auth/pages/Signup";
import { TwoFactor } from "./auth/pages/TwoFactor";
import { VerificationSent, VerifyEmailKey } from "./auth/pages/VerifyEmail";
import { Layout } from "./components/Layout";
import { Dashboard } from "./pages/Dashboard";
import { Home } from "./pages/Home";
import { NotFound } from "./pages/NotFound";
import { modules } from "./modules";

/** One QueryClient; an API answer "not signed in" makes the app re-read the session (it may have expired). */
export function makeQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
    queryCache: new QueryCache({ onError: (error) => onApiError(client, error) }),
    mutationCache: new MutationCache({ onError: (error) => onApiError(client, error) }),
  });
  return client;
}

function onApiError(client: QueryClient, error: unknown) {
  if (error instanceof ApiError && error.code === "not_authenticated") {
    void client.invalidateQueries({ queryKey: AUTH_KEY });
  }
}

function Providers({ children }: { children: ReactNode }) {
  return modules
    .flatMap((module) => module.providers ?? [])
    .reduceRight<ReactNode>((inner, Provider) => <Provider>{inner}</Provider>, children);
}

export function AppRoutes() {
  const authed = (element: ReactNode) => <RequireAuth>{element}</RequireAuth>;
  const anonymous = (element: ReactNode) => <RequireAnonymous>{element}</RequireAnonymous>;
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/dashboard" element={authed(<Dashboard />)} />
        <Route path="/account/login" element={anonymous(<Login />)} />
        <Route path="/account/signup" element={anonymous(<Signup />)} />
        <Route path="/account/verify-email" element={<VerificationSent />} />
        <Route path="/account/verify-email/:key" element={<VerifyEmailKey />} />
        <Route path="/account/password/reset" element={anonymous(<PasswordResetRequest />)} />
        <Route path="/account/password/reset/key/:key" element={<PasswordResetKey />} />
        <Route path="/account/2fa/authenticate" element={<RequireFlow flow="mfa_authenticate"><MfaAuthenticate /></RequireFlow>} />
        <Route path="/account/2fa" element={authed(<TwoFactor />)} />
        <Route path="/account/email" element={authed(<Email />)} />
        <Route path="/account/profile" element={authed(<Profile />)} />
        <Route path="/account/delete" element={authed(<DeleteAccount />)} />
        <Route path="/account/export" element={authed(<Export />)} />
        <Route path="/account/logout" element={<Logout />} />
        {modules.flatMap((module) =>
          module.routes.map((route) => (
            <Route key={route.path} path={route.path} element={route.auth === "required" ? authed(route.element) : route.element} />
          )),
        )}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}

export function App({ client = makeQueryClient() }: { client?: QueryClient }) {
  return (
    <QueryClientProvider client={client}>
      <AuthProvider>
        <Providers>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </Providers>
      </AuthProvider>
    </QueryClientProvider>
  );
}
