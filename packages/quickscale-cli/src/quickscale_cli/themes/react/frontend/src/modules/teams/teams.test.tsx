import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { SIGNED_IN, mockFetch, renderAt, setCookie } from "../../test/utils";
import teams from ".";

function routes() {
  return (
    <Routes>
      {teams.routes.map((route) => (
        <Route key={route.path} path={route.path} element={route.element} />
      ))}
    </Routes>
  );
}

const MY_TEAMS = {
  count: 2,
  next: null,
  previous: null,
  results: [
    { slug: "acme", name: "Acme", personal: false, role: "owner", member_count: 3 },
    { slug: "side", name: "Side project", personal: false, role: "member", member_count: 1 },
  ],
};

describe("teams", () => {
  it("lists my teams and switches the current team", async () => {
    mockFetch({ "GET /api/teams/?page=1": { body: MY_TEAMS } });
    const user = userEvent.setup();
    renderAt(routes(), "/teams", SIGNED_IN);
    expect(await screen.findByRole("link", { name: "Acme" })).toBeTruthy();
    expect(screen.getByText("Current")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Switch to Side project" }));
    const row = screen.getByRole("link", { name: "Side project" }).closest("tr") as HTMLElement;
    expect(within(row).getByText("Current")).toBeTruthy();
    expect(window.localStorage.getItem("quickscale.team")).toBe("side");
  });

  it("creates a team and opens it", async () => {
    setCookie("csrftoken=t");
    const { calls } = mockFetch({
      "POST /api/teams/": { status: 201, body: { slug: "new-co", name: "New Co", personal: false, created: "2026-01-01T00:00:00Z" } },
      "GET /api/teams/new-co/": { body: { slug: "new-co", name: "New Co", personal: false, created: "2026-01-01T00:00:00Z" } },
      "GET /api/teams/?page=1": { body: { count: 1, next: null, previous: null, results: [{ slug: "new-co", name: "New Co", personal: false, role: "owner", member_count: 1 }] } },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/teams/new", SIGNED_IN);
    await user.type(screen.getByLabelText("Team name"), "New Co");
    await user.click(screen.getByRole("button", { name: "Create team" }));
    expect(await screen.findByRole("heading", { level: 1, name: "New Co" })).toBeTruthy();
    const post = calls.find((call) => call.method === "POST");
    expect(post?.body).toEqual({ name: "New Co" });
    expect(post?.headers.get("X-CSRFToken")).toBe("t");
  });

  it("sends an invitation and shows the field error of a refused one", async () => {
    setCookie("csrftoken=t");
    let sent = 0;
    const { calls } = mockFetch({
      "GET /api/teams/acme/": { body: { slug: "acme", name: "Acme", personal: false, created: "" } },
      "GET /api/teams/?page=1": { body: MY_TEAMS },
      "GET /api/teams/acme/invitations/?page=1": { body: { count: 0, next: null, previous: null, results: [] } },
      "POST /api/teams/acme/invitations/": () => {
        sent += 1;
        return sent === 1
          ? { status: 400, body: { detail: "The request has invalid fields; see errors.", code: "invalid", errors: { email: ["Already a member."] } } }
          : { status: 201, body: { id: 9, email: "bo@example.com", role: "admin", status: "pending", invited_by: "ada@example.com", created: "", expires: "2030-01-01T00:00:00Z" } };
      },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/teams/acme/invitations", SIGNED_IN);
    await user.type(await screen.findByLabelText("Email"), "bo@example.com");
    await user.selectOptions(screen.getByLabelText("Role"), "admin");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText("Already a member.")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toMatch(/invalid fields/);
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText("Invitation sent to bo@example.com.")).toBeTruthy();
    expect(calls.filter((call) => call.method === "POST").at(-1)?.body).toEqual({ email: "bo@example.com", role: "admin" });
  });

  it("resends and revokes a pending invitation", async () => {
    setCookie("csrftoken=t");
    const pending = { id: 4, email: "cy@example.com", role: "member", status: "pending", invited_by: null, created: "", expires: "2030-01-01T00:00:00Z" };
    const { calls } = mockFetch({
      "GET /api/teams/acme/": { body: { slug: "acme", name: "Acme", personal: false, created: "" } },
      "GET /api/teams/?page=1": { body: MY_TEAMS },
      "GET /api/teams/acme/invitations/?page=1": { body: { count: 1, next: null, previous: null, results: [pending] } },
      "POST /api/teams/acme/invitations/4/resend/": { body: pending },
      "DELETE /api/teams/acme/invitations/4/": { status: 204 },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/teams/acme/invitations", SIGNED_IN);
    await user.click(await screen.findByRole("button", { name: "Resend invitation to cy@example.com" }));
    expect(await screen.findByText("Invitation sent again.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Revoke invitation to cy@example.com" }));
    await waitFor(() => expect(calls.some((call) => call.method === "DELETE" && call.path === "/api/teams/acme/invitations/4/")).toBe(true));
  });

  it("changes a member's role", async () => {
    setCookie("csrftoken=t");
    const { calls } = mockFetch({
      "GET /api/teams/acme/": { body: { slug: "acme", name: "Acme", personal: false, created: "" } },
      "GET /api/teams/?page=1": { body: MY_TEAMS },
      "GET /api/teams/acme/members/?page=1": {
        body: { count: 2, next: null, previous: null, results: [
          { id: 1, user: 1, email: "ada@example.com", role: "owner", created: "" },
          { id: 2, user: 2, email: "bo@example.com", role: "member", created: "" },
        ] },
      },
      "PATCH /api/teams/acme/members/2/": { body: { id: 2, user: 2, email: "bo@example.com", role: "admin", created: "" } },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/teams/acme/members", SIGNED_IN);
    await user.selectOptions(await screen.findByLabelText("Role of bo@example.com"), "admin");
    await user.click(screen.getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ role: "admin" }));
    expect(screen.queryByLabelText("Role of ada@example.com")).toBeNull(); // not my own row
  });

  it("accepts an invitation by its link, or shows why it cannot", async () => {
    setCookie("csrftoken=t");
    mockFetch({
      "POST /api/teams/invitations/accept/": (call) =>
        (call.body as { token: string }).token === "good"
          ? { status: 201, body: { id: 5, user: 1, email: "ada@example.com", role: "member", created: "" } }
          : { status: 404, body: { detail: "This invitation link is not valid.", code: "not_found", errors: {} } },
      "GET /api/teams/?page=1": { body: MY_TEAMS },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/teams/invitations/bad", SIGNED_IN);
    await user.click(screen.getByRole("button", { name: "Accept invitation" }));
    expect((await screen.findByRole("alert")).textContent).toBe("This invitation link is not valid.");
  });

  it("opens the joined team after accepting", async () => {
    setCookie("csrftoken=t");
    let joined = false;
    mockFetch({
      "GET /api/teams/?page=1": () => ({
        body: { count: joined ? 2 : 1, next: null, previous: null, results: joined ? [...MY_TEAMS.results.slice(1), { slug: "acme", name: "Acme", personal: false, role: "member", member_count: 4 }] : MY_TEAMS.results.slice(1) },
      }),
      "POST /api/teams/invitations/accept/": () => {
        joined = true;
        return { status: 201, body: { id: 5, user: 1, email: "ada@example.com", role: "member", created: "" } };
      },
      "GET /api/teams/acme/": { body: { slug: "acme", name: "Acme", personal: false, created: "" } },
    });
    const user = userEvent.setup();
    renderAt(routes(), "/teams/invitations/good", SIGNED_IN);
    await user.click(screen.getByRole("button", { name: "Accept invitation" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Acme" })).toBeTruthy();
    expect(screen.getByText("You joined the team.")).toBeTruthy();
  });

  it("asks a visitor to sign in or sign up to accept", () => {
    mockFetch({});
    renderAt(routes(), "/teams/invitations/tok", { kind: "anonymous" });
    expect(screen.getByRole("link", { name: "Sign in to accept" }).getAttribute("href")).toBe("/account/login?next=%2Fteams%2Finvitations%2Ftok");
  });
});
