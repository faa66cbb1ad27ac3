import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState, type FormEvent } from "react";
import { Alert, Field, Loading, PageHeader } from "../../components/ui";
import { useAuth } from "../AuthProvider";
import { errorMessages, formErrors, headless, type AuthMethod, type RecoveryCodes, type TOTPAuthenticator } from "../headless";
import { Reauthenticate } from "../Reauthenticate";
import { useHeadlessAction } from "../useHeadlessAction";

const TOTP_KEY = ["mfa", "totp"];
const CODES_KEY = ["mfa", "recovery-codes"];

function RecoveryCodesCard() {
  const client = useQueryClient();
  const codes = useQuery({ queryKey: CODES_KEY, queryFn: headless.recoveryCodes });
  const action = useHeadlessAction<RecoveryCodes>();
  const data = codes.data;
  if (action.reauth) {
    return <Reauthenticate flows={action.reauth.flows} onDone={action.reauth.retry} onCancel={action.cancelReauth} />;
  }
  if (codes.isPending) {
    return <Loading />;
  }
  const flows = data ? data.status === 401 : false;
  return (
    <section className="card" aria-labelledby="codes-heading">
      <h2 id="codes-heading" className="card-title">Recovery codes</h2>
      <p className="muted">Each code signs you in once when you do not have your authenticator app. Keep them somewhere safe.</p>
      <Alert messages={formErrors(action.response, ["code"])} />
      {data?.status === 200 && data.data ? (
        <>
          <p>
            {data.data.unused_code_count} of {data.data.total_code_count} codes left.
          </p>
          {data.data.unused_codes?.length ? (
            <ul className="plain-list" aria-label="Unused recovery codes">
              {data.data.unused_codes.map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : flows ? (
        <p>Confirm it is you to see your codes.</p>
      ) : null}
      <div className="form-actions">
        {flows ? (
          <button type="button" className="button button-secondary"
            onClick={() => void action.run(headless.recoveryCodes, () => void client.invalidateQueries({ queryKey: CODES_KEY }))}>
            Show recovery codes
          </button>
        ) : null}
        <button type="button" className="button button-secondary" disabled={action.busy}
          onClick={() => void action.run(headless.regenerateRecoveryCodes, (answer) => client.setQueryData(CODES_KEY, answer))}>
          Generate new codes
        </button>
      </div>
    </section>
  );
}

/** /account/2fa: activate or deactivate the authenticator app (TOTP), see and renew recovery codes. */
/** allauth's default ACCOUNT_REAUTHENTICATION_TIMEOUT (s): past it, changes to 2FA ask for the password. */
const RECENT_SECONDS = 300;

/** Whether the user proved who they are (password or 2FA code) recently enough for a 2FA change. */
export function recentlyAuthenticated(methods: AuthMethod[], now = Date.now() / 1000): boolean {
  return methods.some((item) => ["password", "mfa", "reauthenticate"].includes(item.method) && now - item.at < RECENT_SECONDS);
}

export function TwoFactor() {
  const client = useQueryClient();
  const auth = useAuth();
  const recent = auth.kind === "authenticated" && recentlyAuthenticated(auth.methods);
  const totp = useQuery({ queryKey: TOTP_KEY, queryFn: headless.totp });
  const [code, setCode] = useState("");
  const action = useHeadlessAction<TOTPAuthenticator | unknown>();

  function refresh() {
    void client.invalidateQueries({ queryKey: ["mfa"] });
  }

  function activate(event: FormEvent) {
    event.preventDefault();
    void action.run(() => headless.activateTotp(code.trim()), () => {
      setCode("");
      refresh();
    });
  }

  let body;
  if (totp.isPending) {
    body = <Loading />;
  } else if (totp.data?.status === 200) {
    body = (
      <>
        <section className="card" aria-labelledby="totp-heading">
          <h2 id="totp-heading" className="card-title">Authenticator app</h2>
          <p>
            <span className="badge badge-success">On</span> Signing in asks for a code from your authenticator app.
          </p>
          <Alert messages={formErrors(action.response, ["code"])} />
          <div className="form-actions">
            <button type="button" className="button button-danger" disabled={action.busy}
              onClick={() => void action.run(headless.deactivateTotp, refresh)}>
              Deactivate
            </button>
          </div>
        </section>
        <RecoveryCodesCard />
      </>
    );
  } else if (totp.data?.status === 404 && !recent && auth.kind === "authenticated" && auth.user.has_usable_password) {
    // Activation will ask for the password: ask first, before the user adds the secret to an app.
    body = <Reauthenticate flows={[{ id: "reauthenticate" }]} onDone={refresh} onCancel={() => window.history.back()} />;
  } else if (totp.data?.status === 404) {
    const secret = totp.data.meta?.secret ?? "";
    const url = totp.data.meta?.totp_url ?? "";
    body = (
      <section className="card" aria-labelledby="totp-heading">
        <h2 id="totp-heading" className="card-title">Authenticator app</h2>
        <p>
          <span className="badge badge-warning">Off</span> Add this account to your authenticator app, then type the code it shows.
        </p>
        <dl className="details-list">
          <dt>Secret key</dt>
          <dd>
            {/* One word (copy and paste it whole) that may wrap between groups of four on a phone. */}
            <code data-testid="totp-secret" data-secret={secret}>
              {(secret.match(/.{1,4}/g) ?? []).map((group, index) => (
                <Fragment key={index}>
                  {index ? <wbr /> : null}
                  {group}
                </Fragment>
              ))}
            </code>
          </dd>
          {url ? (
            <>
              <dt>Setup link</dt>
              <dd>
                <a href={url}>Open in your authenticator app</a>
              </dd>
            </>
          ) : null}
        </dl>
        <form className="form" onSubmit={activate} noValidate>
          <Alert messages={formErrors(action.response, ["code"])} />
          <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required value={code}
            onChange={(e) => setCode(e.target.value)} errors={errorMessages(action.response, "code")} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={action.busy}>Activate</button>
          </div>
        </form>
      </section>
    );
  } else {
    body = <Alert messages={errorMessages(totp.data).length ? errorMessages(totp.data) : ["Two-factor authentication cannot be set up now: try again later."]} />;
  }

  return (
    <>
      <PageHeader title="Two-factor authentication" />
      {action.reauth ? (
        <Reauthenticate flows={action.reauth.flows} onDone={action.reauth.retry} onCancel={action.cancelReauth} />
      ) : (
        <div className="stack">{body}</div>
      )}
    </>
  );
}
