import { useState } from "react";
import { useNavigate } from "react-router";
import { CardPage } from "../../components/ui";
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

export function Logout() {
  const { busy, logout } = useLogout();
  return (
    <CardPage title="Sign out">
      <p>Sign out of this browser?</p>
      <div className="form-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void logout()}>Sign out</button>
      </div>
    </CardPage>
  );
}
