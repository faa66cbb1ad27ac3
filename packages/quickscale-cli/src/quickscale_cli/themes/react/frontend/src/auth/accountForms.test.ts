import { describe, expect, it, vi } from "vitest";
import { setCookie } from "../test/utils";
import { DELETE_URL, EXPORT_URL, deleteAccount, exportData } from "./accountForms";

function answer(status: number, body: string, extra: { redirected?: boolean; url?: string; headers?: Record<string, string> } = {}) {
  const response = new Response(body, { status, headers: extra.headers ?? { "Content-Type": "text/html" } });
  Object.defineProperty(response, "redirected", { value: extra.redirected ?? false });
  Object.defineProperty(response, "url", { value: extra.url ?? "" });
  return response;
}

describe("account deletion and export (the auth module's form views)", () => {
  it("posts the confirmation with the CSRF header and reads a redirect home as done", async () => {
    setCookie("csrftoken=tok");
    const fetch = vi.fn(async () => answer(200, "<html></html>", { redirected: true, url: "http://localhost/" }));
    vi.stubGlobal("fetch", fetch);
    expect(await deleteAccount()).toEqual({ kind: "deleted" });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(DELETE_URL);
    expect(init.body).toBe("confirm=on");
    expect((init.headers as Record<string, string>)["X-CSRFToken"]).toBe("tok");
  });

  it("reads a redirect to the reauthenticate page as 'confirm it is you'", async () => {
    setCookie("csrftoken=tok");
    vi.stubGlobal("fetch", async () => answer(200, "<html></html>", { redirected: true, url: "http://localhost/accounts/reauthenticate/?next=%2F" }));
    expect(await deleteAccount()).toEqual({ kind: "reauthenticate" });
  });

  it("lists the blockers of a 409", async () => {
    setCookie("csrftoken=tok");
    const page = '<div class="alert alert-error" role="alert"><p>Your account cannot be deleted yet:</p><ul><li>You own the team Acme.</li></ul></div>';
    vi.stubGlobal("fetch", async () => answer(409, page));
    expect(await deleteAccount()).toEqual({ kind: "blocked", reasons: ["You own the team Acme."] });
  });

  it("hands back the JSON file of the export with its name", async () => {
    setCookie("csrftoken=tok");
    const fetch = vi.fn(async () =>
      answer(200, '{"email": "ada@example.com"}', {
        headers: { "Content-Type": "application/json", "Content-Disposition": 'attachment; filename="account-data-2026-11-30.json"' },
      }),
    );
    vi.stubGlobal("fetch", fetch);
    const { blob, filename } = await exportData();
    expect(filename).toBe("account-data-2026-11-30.json");
    expect(JSON.parse(await blob.text())).toEqual({ email: "ada@example.com" });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe(EXPORT_URL);
  });

  it("says the export failed when the answer is not the file", async () => {
    setCookie("csrftoken=tok");
    vi.stubGlobal("fetch", async () => answer(302, "", { headers: { "Content-Type": "text/html" } }));
    await expect(exportData()).rejects.toThrow(/export failed/);
  });
});
