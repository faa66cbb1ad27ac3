import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Alert, CardPage, Field } from "../../components/ui";
import { safeNext, stateFrom } from "../flow";
import { errorMessages, formErrors, headless, type AuthData, type HeadlessResponse } from "../headless";

/** The second step of a login with two-factor authentication: a TOTP or recovery code. */
export function MfaAuthenticate() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<HeadlessResponse<AuthData> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const answer = await headless.mfaAuthenticate(code.trim());
    setBusy(false);
    setResponse(answer);
    if (stateFrom(answer)?.kind === "authenticated") {
      navigate(safeNext(params.get("next")), { replace: true });
    }
  }

  return (
    <CardPage title="Two-factor authentication">
      <p>Enter the code from your authenticator app, or one of your recovery codes.</p>
      <form className="form" onSubmit={submit} noValidate>
        <Alert messages={formErrors(response, ["code"])} />
        <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required autoFocus
          value={code} onChange={(e) => setCode(e.target.value)} errors={errorMessages(response, "code")} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>Sign in</button>
          <Link to="/account/login">Cancel</Link>
        </div>
      </form>
    </CardPage>
  );
}
