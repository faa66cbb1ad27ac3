import { useState, type FormEvent } from "react";
import { Alert, Field } from "../components/ui";
import { errorMessages, formErrors, headless, type Flow, type HeadlessResponse } from "./headless";

/**
 * allauth asks a signed-in user to confirm who they are before a sensitive change (401 with the
 * reauthenticate / mfa_reauthenticate flows): password, else a 2FA code; then `onDone` retries.
 */
export function Reauthenticate({ flows, onDone, onCancel }: { flows: Flow[]; onDone: () => void; onCancel: () => void }) {
  const byPassword = flows.some((flow) => flow.id === "reauthenticate");
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<HeadlessResponse | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const answer = byPassword ? await headless.reauthenticate(value) : await headless.mfaReauthenticate(value.trim());
    setBusy(false);
    setResponse(answer);
    if (answer.status === 200) {
      onDone();
    }
  }

  return (
    <section className="card" aria-labelledby="reauth-heading">
      <h2 id="reauth-heading" className="card-title">Confirm it is you</h2>
      <p className="muted">
        {byPassword ? "Enter your password to continue." : "Enter a code from your authenticator app to continue."}
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <Alert messages={formErrors(response, ["code", "password"])} />
        {byPassword ? (
          <Field label="Password" type="password" name="password" autoComplete="current-password" required autoFocus
            value={value} onChange={(e) => setValue(e.target.value)} errors={errorMessages(response, "password")} />
        ) : (
          <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required autoFocus
            value={value} onChange={(e) => setValue(e.target.value)} errors={errorMessages(response, "code")} />
        )}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>Confirm</button>
          <button type="button" className="button button-link" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </section>
  );
}
