/** The page shell: header with the main navigation, account menu and module widgets (the bell). */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, NavLink, useLocation } from "react-router";
import { useAuth } from "../auth/AuthProvider";
import { useLogout } from "../auth/pages/Logout";
import { SITE_NAME } from "../lib/site";
import { modules } from "../modules";

function UserMenu({ who }: { who: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const { busy, logout } = useLogout();
  const location = useLocation();

  useEffect(() => {
    if (ref.current) {
      ref.current.open = false;
    }
  }, [location.pathname]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape" && ref.current?.open) {
        ref.current.open = false;
        ref.current.querySelector("summary")?.focus();
      }
    }
    function onClick(event: MouseEvent) {
      if (ref.current?.open && !ref.current.contains(event.target as Node)) {
        ref.current.open = false;
      }
    }
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, []);

  return (
    <details className="user-menu" ref={ref}>
      <summary>
        <span className="avatar" aria-hidden="true">{who.charAt(0).toUpperCase()}</span>
        <span className="user-menu-name">{who}</span>
        <span className="visually-hidden">Account menu</span>
      </summary>
      <ul className="user-menu-panel">
        <li><NavLink to="/account/profile" end>Profile</NavLink></li>
        <li><NavLink to="/account/email" end>Email addresses</NavLink></li>
        <li><NavLink to="/account/2fa" end>Security</NavLink></li>
        <li className="user-menu-separator" aria-hidden="true"></li>
        <li>
          <button type="button" disabled={busy} onClick={() => void logout()}>Sign out</button>
        </li>
      </ul>
    </details>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const state = useAuth();
  const signedIn = state.kind === "authenticated";
  const location = useLocation();
  // The small-screen menu stays open on the page where it was opened: a route change closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === location.pathname;
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // A route change moves focus to the new page (as a page load would).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [location.pathname]);

  const items = modules.flatMap((module) => module.nav ?? []).filter((item) => signedIn || !item.auth);
  const widgets = signedIn ? modules.flatMap((module) => module.shellWidgets ?? []) : [];
  const who = state.kind === "authenticated" ? (state.user.email ?? state.user.display) : "";

  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header">
        <div className="site-header-inner container">
          <Link className="brand" to="/">
            <span className="brand-mark" aria-hidden="true">{SITE_NAME.charAt(0).toUpperCase()}</span>
            {SITE_NAME}
          </Link>
          <button type="button" className="button button-secondary nav-toggle" aria-expanded={open} aria-controls="site-nav"
            onClick={() => setOpenOn(open ? null : location.pathname)}>
            <span className="nav-toggle-icon" aria-hidden="true"></span>Menu
          </button>
          <nav id="site-nav" className={`site-nav${open ? " is-open" : ""}`} aria-label="Main">
            <ul className="nav-links">
              {signedIn ? <li><NavLink to="/dashboard" end>Dashboard</NavLink></li> : null}
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
            <div className="nav-account">
              {widgets.map((Widget, index) => (
                <Widget key={index} />
              ))}
              {signedIn ? <UserMenu who={who} /> : state.kind === "loading" ? null : (
                <>
                  <NavLink className="button button-secondary" to="/account/login">Sign in</NavLink>
                  <Link className="button" to="/account/signup">Sign up</Link>
                </>
              )}
            </div>
          </nav>
        </div>
      </header>
      <main id="main" className="site-main container" tabIndex={-1} ref={mainRef}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container cluster">
          <p>© {new Date().getFullYear()} {SITE_NAME}</p>
          <p className="muted">Built with QuickScale</p>
        </div>
      </footer>
    </>
  );
}
