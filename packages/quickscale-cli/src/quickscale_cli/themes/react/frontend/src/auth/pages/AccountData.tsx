import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { Alert, CardPage, Field, PageHeader } from "../../components/ui";
import { deleteAccount, exportData, saveFile, type DeleteResult } from "../accountForms";
import { useUser } from "../AuthProvider";
import { headless } from "../headless";
import { Reauthenticate } from "../Reauthenticate";

/** /account/export: one JSON file with everything the site holds about the user. */
export function Export() {
  const download = useMutation({
    mutationFn: exportData,
    onSuccess: ({ blob, filename }) => saveFile(blob, filename),
  });
  return (
    <CardPage title="Download your data">
      <p>
        You get one JSON file with your account, email addresses, connected accounts, the kinds of two-factor devices you
        use (never their secrets) and what other parts of this site hold about you.
      </p>
      {download.error ? <Alert messages={[download.error.message]} /> : null}
      {download.isSuccess ? <Alert tone="success" messages={["Your data is downloaded."]} /> : null}
      <div className="form-actions">
        <button type="button" className="button" disabled={download.isPending} onClick={() => download.mutate()}>
          Download my data
        </button>
        <Link to="/account/profile">Back to your profile</Link>
      </div>
    </CardPage>
  );
}

/** /account/delete: confirm, re-authenticate when asked, then the account is gone and the user signed out. */
export function DeleteAccount() {
  const user = useUser();
  const navigate = useNavigate();
  const [confirmed, setConfirmed] = useState(false);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DeleteResult | null>(null);

  async function remove() {
    setBusy(true);
    const answer = await deleteAccount();
    setBusy(false);
    setResult(answer);
    if (answer.kind === "deleted") {
      navigate("/", { replace: true, state: { notice: "Your account was deleted." } });
      await headless.session(); // now anonymous: the shell follows
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!confirmed) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void remove();
  }

  if (result?.kind === "reauthenticate") {
    const flows = [{ id: user?.has_usable_password === false ? "mfa_reauthenticate" : "reauthenticate" }];
    return (
      <div className="narrow">
        <PageHeader title="Delete your account" />
        <Reauthenticate flows={flows} onDone={() => void remove()} onCancel={() => setResult(null)} />
      </div>
    );
  }
  return (
    <CardPage title="Delete your account">
      {result?.kind === "blocked" ? (
        <div className="alert alert-error" role="alert">
          <p>Your account cannot be deleted yet:</p>
          <ul>
            {result.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {result?.kind === "error" ? <Alert messages={[result.message]} /> : null}
      <p>Your account, email addresses, connected accounts and two-factor devices will be removed and you will be signed out.</p>
      <p>
        This cannot be undone. <Link to="/account/export">Download your data</Link> first if you want a copy.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <Field label="I understand that my account and its data will be deleted" type="checkbox" name="confirm"
          checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}
          errors={missing ? ["Tick the box to confirm that you want to delete your account."] : []} />
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={busy}>Delete my account</button>
          <Link to="/account/profile">Cancel</Link>
        </div>
      </form>
    </CardPage>
  );
}
