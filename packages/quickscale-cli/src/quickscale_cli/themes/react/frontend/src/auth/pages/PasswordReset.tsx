import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { Alert, CardPage, Field, Loading } from "../../components/ui";
import { errorMessages, formErrors, headless, type HeadlessResponse } from "../headless";

export function PasswordResetRequest() {
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<HeadlessResponse | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setResponse(await headless.requestPasswordReset(email));
    setBusy(false);
  }

  if (response?.status === 200) {
    return (
      <CardPage title="Check your email">
        <Alert tone="success" messages={[`If ${email} has an account, a link to set a new password is on its way.`]} />
        <p><Link to="/account/login">Back to sign in</Link></p>
      </CardPage>
    );
  }
  return (
    <CardPage title="Reset your password">
      <p className="muted">Enter your email address: we send you a link to set a new password.</p>
      <form className="form" onSubmit={submit} noValidate>
        <Alert messages={formErrors(response, ["email", "key", "password"])} />
        <Field label="Email" type="email" name="email" autoComplete="email" required value={email}
          onChange={(e) => setEmail(e.target.value)} errors={errorMessages(response, "email")} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>Send the link</button>
          <Link to="/account/login">Back to sign in</Link>
        </div>
      </form>
    </CardPage>
  );
}

export function PasswordResetKey() {
  const { key = "" } = useParams();
  const info = useQuery({ queryKey: ["password-reset", key], queryFn: () => headless.passwordResetInfo(key), retry: false });
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<HeadlessResponse | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    setResponse(await headless.resetPassword(key, password));
    setBusy(false);
  }

  if (info.isPending) {
    return (
      <CardPage title="Set a new password">
        <Loading />
      </CardPage>
    );
  }
  if (info.data?.status !== 200) {
    return (
      <CardPage title="This link cannot be used">
        <Alert messages={["This password reset link is invalid or has expired: ask for a new one."]} />
        <p><Link to="/account/password/reset">Ask for a new link</Link></p>
      </CardPage>
    );
  }
  if (response && (response.status === 200 || response.status === 401)) {
    return (
      <CardPage title="Password changed">
        <Alert tone="success" messages={["Your password is changed: sign in with it."]} />
        <p><Link className="button" to="/account/login">Sign in</Link></p>
      </CardPage>
    );
  }
  return (
    <CardPage title="Set a new password">
      <form className="form" onSubmit={submit} noValidate>
        <Alert messages={[...errorMessages(response), ...errorMessages(response, "key")]} />
        <Field label="Password" type="password" name="password" autoComplete="new-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} errors={errorMessages(response, "password")} />
        <Field label="Password (again)" type="password" name="password2" autoComplete="new-password" required value={again}
          onChange={(e) => setAgain(e.target.value)} errors={mismatch ? ["The two passwords differ: type the same password twice."] : []} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>Set password</button>
        </div>
      </form>
    </CardPage>
  );
}
