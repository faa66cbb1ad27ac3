import { useState } from "react";
import { needsReauthentication, type Flow, type HeadlessResponse } from "./headless";

/**
 * Runs a headless account action; a 401 asking to re-authenticate keeps the action in `reauth` so the
 * page shows <Reauthenticate> and retries it after. `response` is the last answer (errors included).
 */
export function useHeadlessAction<T>() {
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<HeadlessResponse<T> | null>(null);
  const [reauth, setReauth] = useState<{ flows: Flow[]; retry: () => void } | null>(null);

  async function run(action: () => Promise<HeadlessResponse<T>>, onSuccess?: (answer: HeadlessResponse<T>) => void) {
    setBusy(true);
    const answer = await action();
    setBusy(false);
    const flows = needsReauthentication(answer);
    if (flows) {
      setReauth({
        flows,
        retry: () => {
          setReauth(null);
          void run(action, onSuccess);
        },
      });
      setResponse(null);
      return;
    }
    setResponse(answer);
    if (answer.status === 200 && onSuccess) {
      onSuccess(answer);
    }
  }

  return { busy, response, reauth, cancelReauth: () => setReauth(null), run, clear: () => setResponse(null) };
}
