import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Alert, CardPage, Loading } from "../../components/ui";
import { useAuth } from "../AuthProvider";
import { stateFrom, takeNext } from "../flow";
import { errorMessages, headless, type AuthData, type HeadlessResponse } from "../headless";

/** After signup (or a login of an unverified address): the link is on its way. */
export function VerificationSent() {
  const state = useAuth();
  return (
    <CardPage title="Verify your email address">
      <p>
        We sent you an email with a link. Open it to confirm your address
        {state.kind === "pending" ? " and finish signing in" : ""}.
      </p>
      <p className="muted">No email after a few minutes? Check your spam folder, or sign up again with the right address.</p>
      <p>
        <Link to="/account/login">Back to sign in</Link>
      </p>
    </CardPage>
  );
}

/** The link of the verification email: /account/verify-email/:key. */
export function VerifyEmailKey() {
  const { key = "" } = useParams();
  const navigate = useNavigate();
  const info = useQuery({ queryKey: ["verify-email", key], queryFn: () => headless.verificationInfo(key), retry: false });
  const [answer, setAnswer] = useState<HeadlessResponse<AuthData> | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    const response = await headless.verifyEmail(key);
    setBusy(false);
    setAnswer(response);
    const state = stateFrom(response);
    if (state?.kind === "authenticated") {
      navigate(takeNext());
    }
  }

  if (info.isPending) {
    return (
      <CardPage title="Confirm your email address">
        <Loading />
      </CardPage>
    );
  }
  const data = info.data;
  if (!data || data.status !== 200) {
    return (
      <CardPage title="This link cannot be used">
        <Alert messages={errorMessages(data).length ? errorMessages(data) : errorMessages(data, "key").length ? errorMessages(data, "key") : ["This confirmation link is invalid or has expired: sign in to get a new one."]} />
        <p>
          <Link to="/account/login">Sign in</Link>
        </p>
      </CardPage>
    );
  }
  if (answer && (answer.status === 200 || answer.status === 401)) {
    return (
      <CardPage title="Email address confirmed">
        <Alert tone="success" messages={[`${data.data?.email ?? "Your address"} is confirmed.`]} />
        <p>
          <Link className="button" to="/account/login">Sign in</Link>
        </p>
      </CardPage>
    );
  }
  return (
    <CardPage title="Confirm your email address">
      <Alert messages={[...errorMessages(answer), ...errorMessages(answer, "key")]} />
      <p>
        Confirm that <strong>{data.data?.email}</strong> is your email address.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={confirm} disabled={busy}>Confirm</button>
      </div>
    </CardPage>
  );
}
