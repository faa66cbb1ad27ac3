import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SIGNED_IN, mockFetch, renderAt, setCookie } from "../../test/utils";
import { POLL_MS } from "./api";
import { Bell, NotificationsPage } from "./pages";

const ITEMS = {
  count: 2,
  next: null,
  previous: null,
  results: [
    { id: 1, kind: "teams_invitation", title: "You are invited", body: "Join Acme", url: "/teams/invitations/x", created: "2026-01-01T00:00:00Z", read: false, read_at: null },
    { id: 2, kind: "auth_new_sign_in", title: "New sign-in", body: "", url: "", created: "2026-01-01T00:00:00Z", read: true, read_at: "2026-01-02T00:00:00Z" },
  ],
};

describe("notifications", () => {
  it("the bell names the unread count and polls it", async () => {
    let unread = 3;
    const { calls } = mockFetch({ "GET /api/notifications/unread-count/": () => ({ body: { unread } }) });
    renderAt(<Bell />, "/", SIGNED_IN);
    expect(await screen.findByRole("link", { name: "Notifications, 3 unread" })).toBeTruthy();
    expect(POLL_MS).toBeGreaterThan(0);
    unread = 0;
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
  });

  it("marks one and all read, and refreshes the count", async () => {
    setCookie("csrftoken=t");
    let unread = 1;
    const { calls } = mockFetch({
      "GET /api/notifications/unread-count/": () => ({ body: { unread } }),
      "GET /api/notifications/?page=1": { body: ITEMS },
      "GET /api/notifications/preferences/": { body: [] },
      "POST /api/notifications/1/read/": () => {
        unread = 0;
        return { body: { ...ITEMS.results[0], read: true } };
      },
      "POST /api/notifications/read-all/": { body: { marked: 0 } },
    });
    const user = userEvent.setup();
    renderAt(<><Bell /><NotificationsPage /></>, "/notifications", SIGNED_IN);
    expect(await screen.findByRole("link", { name: "Notifications, 1 unread" })).toBeTruthy();
    await user.click(await screen.findByRole("button", { name: "Mark read: You are invited" }));
    expect(await screen.findByRole("link", { name: "Notifications, 0 unread" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Mark all read" }));
    expect(await screen.findByText("0 marked read.")).toBeTruthy();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.headers.get("X-CSRFToken"))).toEqual(["t", "t"]);
  });

  it("saves the preferences", async () => {
    setCookie("csrftoken=t");
    const { calls } = mockFetch({
      "GET /api/notifications/unread-count/": { body: { unread: 0 } },
      "GET /api/notifications/?page=1": { body: { count: 0, next: null, previous: null, results: [] } },
      "GET /api/notifications/preferences/": { body: [{ kind: "teams_invitation", title: "Team invitations", in_app: true, email: "immediate" }] },
      "PUT /api/notifications/preferences/": (call) => ({ body: (call.body as object[]).map((row) => ({ ...row, title: "Team invitations" })) }),
    });
    const user = userEvent.setup();
    renderAt(<NotificationsPage />, "/notifications", SIGNED_IN);
    await user.click(await screen.findByRole("checkbox", { name: "Team invitations: in the app" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Team invitations: by email" }), "digest");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Your preferences are saved.")).toBeTruthy();
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual([{ kind: "teams_invitation", in_app: false, email: "digest" }]);
  });
});
