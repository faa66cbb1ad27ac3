import { Link } from "react-router";
import { useUser } from "../auth/AuthProvider";
import { PageHeader } from "../components/ui";
import { modules } from "../modules";

export function Dashboard() {
  const user = useUser();
  const cards = modules.flatMap((module) => module.dashboardCards ?? []);
  return (
    <>
      <PageHeader title="Dashboard">
        <p className="muted">
          Signed in as <strong>{user?.email ?? user?.display}</strong>.
        </p>
      </PageHeader>
      <div className="grid">
        <section className="card" aria-labelledby="card-profile">
          <h2 id="card-profile" className="card-title">Your account</h2>
          <p className="muted">Email addresses, security and your data.</p>
          <p className="card-footer"><Link to="/account/profile">Open your profile</Link></p>
        </section>
        {cards.map((Card, index) => (
          <Card key={index} />
        ))}
      </div>
    </>
  );
}
