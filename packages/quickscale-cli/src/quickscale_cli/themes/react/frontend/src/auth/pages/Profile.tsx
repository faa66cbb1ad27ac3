import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, data } from "../../api/client";
import type { ApiError } from "../../api/errors";
import { Alert, Field, Loading, PageHeader } from "../../components/ui";
import { useUser } from "../AuthProvider";
import { errorMessages, formErrors, headless } from "../headless";
import { Reauthenticate } from "../Reauthenticate";
import { useHeadlessAction } from "../useHeadlessAction";

export const ME_KEY = ["me"];

function NameForm({ first, last }: { first: string; last: string }) {
  const client = useQueryClient();
  const [firstName, setFirstName] = useState(first);
  const [lastName, setLastName] = useState(last);
  const save = useMutation<unknown, ApiError>({
    mutationFn: () => data(api.PATCH("/api/me/", { body: { first_name: firstName, last_name: lastName } })),
    onSuccess: (me) => client.setQueryData(ME_KEY, me),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      {save.error ? <Alert messages={save.error.formMessages} /> : null}
      {save.isSuccess ? <Alert tone="success" messages={["Your name is saved."]} /> : null}
      <Field label="First name" name="first_name" autoComplete="given-name" value={firstName}
        onChange={(e) => setFirstName(e.target.value)} errors={save.error?.fieldMessages("first_name")} />
      <Field label="Last name" name="last_name" autoComplete="family-name" value={lastName}
        onChange={(e) => setLastName(e.target.value)} errors={save.error?.fieldMessages("last_name")} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>Save</button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [saved, setSaved] = useState(false);
  const action = useHeadlessAction<unknown>();

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (password !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void action.run(() => headless.changePassword(current, password), () => {
      setSaved(true);
      setCurrent("");
      setPassword("");
      setAgain("");
    });
  }

  if (action.reauth) {
    return <Reauthenticate flows={action.reauth.flows} onDone={action.reauth.retry} onCancel={action.cancelReauth} />;
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <Alert messages={formErrors(action.response, ["current_password", "new_password"])} />
      {saved ? <Alert tone="success" messages={["Your password is changed."]} /> : null}
      <Field label="Current password" type="password" name="current_password" autoComplete="current-password" value={current}
        onChange={(e) => setCurrent(e.target.value)} errors={errorMessages(action.response, "current_password")} />
      <Field label="New password" type="password" name="new_password" autoComplete="new-password" value={password}
        onChange={(e) => setPassword(e.target.value)} errors={errorMessages(action.response, "new_password")} />
      <Field label="New password (again)" type="password" name="new_password2" autoComplete="new-password" value={again}
        onChange={(e) => setAgain(e.target.value)} errors={mismatch ? ["The two passwords differ: type the same password twice."] : []} />
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={action.busy}>Change password</button>
      </div>
    </form>
  );
}

/** /account/profile: name, password, links to addresses, 2FA, data export and deletion. */
export function Profile() {
  const user = useUser();
  const me = useQuery({ queryKey: ME_KEY, queryFn: () => data(api.GET("/api/me/")) });
  return (
    <>
      <PageHeader title="Your profile">
        <p className="muted">{user?.email}</p>
      </PageHeader>
      <div className="stack">
        <section className="card" aria-labelledby="name-heading">
          <h2 id="name-heading" className="card-title">Name</h2>
          {me.data ? <NameForm first={me.data.first_name ?? ""} last={me.data.last_name ?? ""} /> : me.error ? <Alert messages={[me.error.message]} /> : <Loading />}
        </section>
        <section className="card" aria-labelledby="security-heading">
          <h2 id="security-heading" className="card-title">Sign-in and security</h2>
          <p>
            Two-factor authentication:{" "}
            {me.data?.mfa_enabled ? <span className="badge badge-success">On</span> : <span className="badge badge-warning">Off</span>}
          </p>
          <p className="button-group">
            <Link className="button button-secondary" to="/account/email">Email addresses</Link>
            <Link className="button button-secondary" to="/account/2fa">Manage two-factor authentication</Link>
          </p>
        </section>
        {user?.has_usable_password !== false ? (
          <section className="card" aria-labelledby="password-heading">
            <h2 id="password-heading" className="card-title">Change password</h2>
            <PasswordForm />
          </section>
        ) : null}
        <section className="card card-danger" aria-labelledby="data-heading">
          <h2 id="data-heading" className="card-title">Your data</h2>
          <div className="card-row">
            <p>A copy of everything this site holds about you, as one JSON file.</p>
            <Link className="button button-secondary" to="/account/export">Download your data</Link>
          </div>
          <div className="card-row">
            <p>Delete your account and its data. You are asked to confirm first.</p>
            <Link className="button button-danger" to="/account/delete">Delete your account</Link>
          </div>
        </section>
      </div>
    </>
  );
}
