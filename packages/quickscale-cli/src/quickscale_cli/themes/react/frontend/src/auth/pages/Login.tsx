import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Alert, CardPage, Field } from "../../components/ui";
import { pendingPath, rememberNext, stateFrom, withNext } from "../flow";
import { errorMessages, formErrors, headless, type AuthData, type HeadlessResponse } from "../headless";

export function Login() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<HeadlessResponse<AuthData> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const answer = await headless.login(email, password);
    setBusy(false);
    setResponse(answer);
    const state = stateFrom(answer);
    const pending = state ? pendingPath(state) : null;
    if (pending) {
      rememberNext(params.get("next"));
      navigate(withNext(pending, params.get("next")));
    } else if (answer.status === 409) {
      await headless.session(); // already signed in: the guard moves on
    }
  }

  return (
    <CardPage title="Sign in">
      <form className="form" onSubmit={submit} noValidate>
        <Alert messages={formErrors(response, ["email", "password"])} />
        <Field label="Email" type="email" name="email" autoComplete="email" required value={email}
          onChange={(e) => setEmail(e.target.value)} errors={errorMessages(response, "email")} />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} errors={errorMessages(response, "password")} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>Sign in</button>
          <Link to="/account/password/reset">Forgot your password?</Link>
        </div>
      </form>
      <p className="muted">
        No account yet? <Link to={withNext("/account/signup", params.get("next"))}>Sign up</Link>
      </p>
    </CardPage>
  );
}
