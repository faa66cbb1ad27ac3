import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Alert, CardPage, Field } from "../../components/ui";
import { pendingPath, rememberNext, stateFrom, withNext } from "../flow";
import { errorMessages, formErrors, headless, type AuthData, type HeadlessResponse } from "../headless";

export function Signup() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<HeadlessResponse<AuthData> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    const answer = await headless.signup(email, password);
    setBusy(false);
    setResponse(answer);
    const state = stateFrom(answer);
    const pending = state ? pendingPath(state) : null;
    if (pending) {
      rememberNext(params.get("next"));
      navigate(withNext(pending, params.get("next")));
    }
  }

  return (
    <CardPage title="Create your account">
      <form className="form" onSubmit={submit} noValidate>
        <Alert messages={formErrors(response, ["email", "password"])} />
        <Field label="Email" type="email" name="email" autoComplete="email" required value={email}
          onChange={(e) => setEmail(e.target.value)} errors={errorMessages(response, "email")} />
        <Field label="Password" type="password" name="password" autoComplete="new-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} errors={errorMessages(response, "password")} />
        <Field label="Password (again)" type="password" name="password2" autoComplete="new-password" required value={again}
          onChange={(e) => setAgain(e.target.value)} errors={mismatch ? ["The two passwords differ: type the same password twice."] : []} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>Sign up</button>
        </div>
      </form>
      <p className="muted">
        Already have an account? <Link to="/account/login">Sign in</Link>
      </p>
    </CardPage>
  );
}
