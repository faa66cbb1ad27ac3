import { Link, useLocation } from "react-router";
import { useAuth } from "../auth/AuthProvider";
import { Alert, usePageTitle } from "../components/ui";
import { SITE_NAME } from "../lib/site";
import { modules } from "../modules";

export function Home() {
  usePageTitle("Welcome");
  const state = useAuth();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const pricing = modules.some((module) => module.routes.some((route) => route.path === "/pricing"));
  return (
    <section className="hero" aria-labelledby="hero-title">
      {notice ? <Alert tone="success" messages={[notice]} /> : null}
      <span className="eyebrow">{SITE_NAME}</span>
      <h1 id="hero-title">Welcome</h1>
      <p className="lead">
        Your new project is running. Edit <code>frontend/src/pages/Home.tsx</code> to make this page yours, and{" "}
        <code>frontend/src/styles/site.css</code> to give it your brand.
      </p>
      <p className="button-group">
        {state.kind === "authenticated" ? (
          <Link className="button" to="/dashboard">Go to your dashboard</Link>
        ) : (
          <Link className="button" to="/account/signup">Create an account</Link>
        )}
        {pricing ? <Link className="button button-secondary" to="/pricing">See pricing</Link> : null}
      </p>
    </section>
  );
}
