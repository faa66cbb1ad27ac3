import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert, Field, Loading, PageHeader } from "../../components/ui";
import { errorMessages, formErrors, headless, type EmailAddress, type HeadlessResponse } from "../headless";
import { Reauthenticate } from "../Reauthenticate";
import { useHeadlessAction } from "../useHeadlessAction";

const EMAILS_KEY = ["account", "emails"];

/** /account/email: add an address, send its verification, make it primary, remove it. */
export function Email() {
  const client = useQueryClient();
  const emails = useQuery({ queryKey: EMAILS_KEY, queryFn: headless.emails });
  const [email, setEmail] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const action = useHeadlessAction<EmailAddress[] | unknown>();

  function done(message: string) {
    return (answer: HeadlessResponse<unknown>) => {
      setNotice(message);
      if (Array.isArray(answer.data)) {
        client.setQueryData(EMAILS_KEY, answer);
      } else {
        void client.invalidateQueries({ queryKey: EMAILS_KEY });
      }
    };
  }

  function add(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const address = email.trim();
    void action.run(() => headless.addEmail(address), (answer) => {
      setEmail("");
      done(`We sent a verification link to ${address}.`)(answer);
    });
  }

  if (action.reauth) {
    return (
      <>
        <PageHeader title="Email addresses" />
        <Reauthenticate flows={action.reauth.flows} onDone={action.reauth.retry} onCancel={action.cancelReauth} />
      </>
    );
  }
  const list = emails.data?.data ?? [];
  return (
    <>
      <PageHeader title="Email addresses" />
      {notice ? <Alert tone="success" messages={[notice]} /> : null}
      <Alert messages={formErrors(action.response)} />
      <section className="card" aria-labelledby="emails-heading">
        <h2 id="emails-heading" className="card-title">Your addresses</h2>
        {emails.isPending ? <Loading /> : (
          <ul className="plain-list">
            {list.map((address) => (
              <li key={address.email} className="card-row">
                <span>
                  {address.email}{" "}
                  {address.primary ? <span className="badge badge-brand">Primary</span> : null}{" "}
                  {address.verified ? <span className="badge badge-success">Verified</span> : <span className="badge badge-warning">Not verified</span>}
                </span>
                <span className="button-group">
                  {!address.verified ? (
                    <button type="button" className="button button-secondary button-small" disabled={action.busy}
                      aria-label={`Send verification to ${address.email}`}
                      onClick={() => void action.run(() => headless.sendVerification(address.email), done(`We sent a verification link to ${address.email}.`))}>
                      Send verification
                    </button>
                  ) : null}
                  {!address.primary && address.verified ? (
                    <button type="button" className="button button-secondary button-small" disabled={action.busy}
                      aria-label={`Make primary: ${address.email}`}
                      onClick={() => void action.run(() => headless.makePrimary(address.email), done(`${address.email} is your primary address.`))}>
                      Make primary
                    </button>
                  ) : null}
                  {!address.primary ? (
                    <button type="button" className="button button-danger button-small" disabled={action.busy}
                      aria-label={`Remove ${address.email}`}
                      onClick={() => void action.run(() => headless.removeEmail(address.email), done(`${address.email} is removed.`))}>
                      Remove
                    </button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="add-email-heading">
        <h2 id="add-email-heading" className="card-title">Add an address</h2>
        <form className="form" onSubmit={add} noValidate>
          <Field label="Email" type="email" name="email" autoComplete="email" required value={email}
            onChange={(e) => setEmail(e.target.value)} errors={errorMessages(action.response, "email")} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={action.busy}>Add email</button>
          </div>
        </form>
      </section>
    </>
  );
}
