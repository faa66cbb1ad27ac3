import { Link } from "react-router";
import { useEntitlements } from "../../lib/features";
import type { AppModule } from "../../lib/modules";
import { EntitlementsProvider } from "./EntitlementsProvider";
import { BillingOverview, CheckoutSuccess, Pricing } from "./pages";

function BillingCard() {
  const entitlements = useEntitlements();
  return (
    <section className="card" aria-labelledby="card-billing">
      <h2 id="card-billing" className="card-title">Billing</h2>
      <p className="muted">
        {entitlements?.plan ? `Your plan: ${entitlements.plan}.` : "Your plan, invoices and payment method."}
      </p>
      <p className="card-footer"><Link to="/billing">Billing overview</Link></p>
    </section>
  );
}

const billing: AppModule = {
  name: "billing",
  routes: [
    { path: "/pricing", element: <Pricing />, auth: "any" },
    { path: "/billing", element: <BillingOverview />, auth: "required" },
    { path: "/billing/success", element: <CheckoutSuccess />, auth: "required" },
  ],
  nav: [
    { to: "/billing", label: "Billing", auth: true },
    { to: "/pricing", label: "Pricing", auth: false },
  ],
  dashboardCards: [BillingCard],
  providers: [EntitlementsProvider],
};

export default billing;
