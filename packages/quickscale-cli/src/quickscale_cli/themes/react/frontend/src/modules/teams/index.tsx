import { Link } from "react-router";
import type { AppModule } from "../../lib/modules";
import { AcceptInvitation, TeamCreate, TeamDetail, TeamInvitations, TeamList, TeamMembers } from "./pages";

function TeamsCard() {
  return (
    <section className="card" aria-labelledby="card-teams">
      <h2 id="card-teams" className="card-title">Teams</h2>
      <p className="muted">Invite people and work together.</p>
      <p className="card-footer"><Link to="/teams">Your teams</Link></p>
    </section>
  );
}

const teams: AppModule = {
  name: "teams",
  routes: [
    { path: "/teams", element: <TeamList />, auth: "required" },
    { path: "/teams/new", element: <TeamCreate />, auth: "required" },
    { path: "/teams/invitations/:token", element: <AcceptInvitation />, auth: "any" },
    { path: "/teams/:slug", element: <TeamDetail />, auth: "required" },
    { path: "/teams/:slug/members", element: <TeamMembers />, auth: "required" },
    { path: "/teams/:slug/invitations", element: <TeamInvitations />, auth: "required" },
  ],
  nav: [{ to: "/teams", label: "Teams", auth: true }],
  dashboardCards: [TeamsCard],
};

export default teams;
