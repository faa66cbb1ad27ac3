/**
 * Account deletion and data export have no JSON API: the auth module's own views take a form POST
 * (/accounts/profile/delete/, /accounts/profile/export/), with the same CSRF header. These read
 * their answers: a redirect to the re-authentication page, a 409 page listing what blocks the
 * deletion, a JSON file.
 */
import { CSRF_HEADER, csrfToken } from "../api/csrf";

export const DELETE_URL = "/accounts/profile/delete/";
export const EXPORT_URL = "/accounts/profile/export/";

export type DeleteResult =
  | { kind: "deleted" }
  | { kind: "reauthenticate" }
  | { kind: "blocked"; reasons: string[] }
  | { kind: "error"; message: string };

async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  const token = await csrfToken();
  if (token) {
    headers[CSRF_HEADER] = token;
  }
  return globalThis.fetch(url, {
    method: "POST",
    headers,
    credentials: "same-origin",
    body: new URLSearchParams(fields).toString(),
  });
}

function listItems(html: string, selector: string): string[] {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return Array.from(doc.querySelectorAll(selector))
    .map((node) => node.textContent?.trim() ?? "")
    .filter(Boolean);
}

export async function deleteAccount(): Promise<DeleteResult> {
  let response: Response;
  try {
    response = await postForm(DELETE_URL, { confirm: "on" });
  } catch {
    return { kind: "error", message: "The server cannot be reached: check your connection and try again." };
  }
  if (response.redirected && new URL(response.url, window.location.origin).pathname.includes("reauthenticate")) {
    return { kind: "reauthenticate" };
  }
  if (response.status === 409) {
    const reasons = listItems(await response.text(), ".alert-error li");
    return { kind: "blocked", reasons: reasons.length ? reasons : ["Your account cannot be deleted yet."] };
  }
  if (response.ok && response.redirected) {
    return { kind: "deleted" };
  }
  if (response.ok) {
    const errors = listItems(await response.text(), ".field-errors li, .form-errors li, .form-errors p");
    return { kind: "error", message: errors[0] ?? "The account was not deleted: try again." };
  }
  return { kind: "error", message: `The server answered ${response.status}: try again in a moment.` };
}

/** The user's data as a JSON file (a Blob) and its file name. */
export async function exportData(): Promise<{ blob: Blob; filename: string }> {
  let response: Response;
  try {
    response = await postForm(EXPORT_URL, {});
  } catch {
    throw new Error("The server cannot be reached: check your connection and try again.");
  }
  if (!response.ok || !(response.headers.get("Content-Type") ?? "").includes("json")) {
    throw new Error(`The export failed (the server answered ${response.status}): try again in a moment.`);
  }
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "account-data.json";
  return { blob: await response.blob(), filename };
}

/** Hands a Blob to the browser as a download. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
