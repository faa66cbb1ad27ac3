import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { CardPage } from "../../components/ui";
import { useAuth } from "../AuthProvider";
import { headless } from "../headless";

/** Signs out (DELETE /auth/session answers 401: anonymous), then home. */
export function useLogout() {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  async function logout() {
    setBusy(true);
    navigate("/", { replace: true }); // first: a guarded page would send the signed-out user to the login page
    await headless.logout();
    setBusy(false);
  }
  return { busy, logout };
}

/** /account/logout: not guarded, so its button is there from the first render (the session may still load). */
export function Logout() {
  const state = useAuth();
  const { busy, logout } = useLogout();
  if (state.kind === "anonymous") {
    return (
      <CardPage title="You are signed out">
        <p><Link to="/account/login">Sign in</Link></p>
      </CardPage>
    );
  }
  return (
    <CardPage title="Sign out">
      <p>Sign out of this browser?</p>
      <div className="form-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void logout()}>Sign out</button>
      </div>
    </CardPage>
  );
}
