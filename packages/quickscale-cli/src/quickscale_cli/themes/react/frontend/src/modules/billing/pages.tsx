import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { Alert, CardPage, Loading, PageHeader, usePageTitle } from "../../components/ui";
import { useCurrentTeam } from "../../lib/currentTeam";
import { formatAmount, useCheckout, usePlans, usePortal, useSubscription, type Plan, type Price } from "./api";

const STATUS_TONES: Record<string, string> = {
  active: "success",
  trialing: "info",
  past_due: "warning",
  unpaid: "danger",
  canceled: "neutral",
  incomplete: "warning",
  incomplete_expired: "neutral",
  paused: "neutral",
};

function statusLabel(status: string): string {
  return status.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

function period(plan: Plan, price: Price): string {
  const yearly = price.interval === "year";
  if (plan.per_seat) {
    return yearly ? "per seat per year" : "per seat per month";
  }
  return yearly ? "per year" : "per month";
}

function TeamNote() {
  const team = useCurrentTeam();
  return team ? <p className="muted small">For the team <strong>{team}</strong> (<Link to="/teams">switch team</Link>).</p> : null;
}

/** /pricing: plans with a monthly/yearly switch; Subscribe starts Checkout and leaves for its URL. */
export function Pricing() {
  usePageTitle("Pricing");
  // The plans API is for signed-in users: a visitor is asked to sign in instead of shown an error.
  const visitor = (error: unknown) => error instanceof ApiError && error.code === "not_authenticated";
  const auth = useAuth();
  const signedIn = auth.kind === "authenticated";
  const plans = usePlans();
  const subscription = useSubscription(signedIn);
  const checkout = useCheckout();
  const intervals = Array.from(new Set((plans.data ?? []).flatMap((plan) => plan.prices.map((price) => price.interval))));
  const [interval, setInterval] = useState<string>("month");
  const shown = intervals.includes(interval) ? interval : (intervals[0] ?? "month");
  const current = subscription.data?.active ? subscription.data.plan : null;
  const currentName = plans.data?.find((plan) => plan.key === current)?.name ?? current;

  return (
    <>
      <header className="pricing-header">
        <h1>Plans and pricing</h1>
        <p className="lead">Pick the plan that fits your work. Change or cancel it at any time from the billing portal.</p>
        {signedIn ? <TeamNote /> : null}
      </header>
      {current ? (
        <div className="alert alert-info"><p>You are on the {currentName} plan. <Link to="/billing">Manage your subscription</Link></p></div>
      ) : null}
      {checkout.error ? <Alert messages={[checkout.error.message]} /> : null}
      {plans.error && !visitor(plans.error) ? <Alert messages={[plans.error.message]} /> : null}
      {visitor(plans.error) ? (
        <section className="empty-state" aria-labelledby="sign-in-plans">
          <h2 id="sign-in-plans" className="empty-state-title">Sign in to see the plans</h2>
          <p>The plans and their prices are shown to signed-in users.</p>
          <p className="button-group">
            <Link className="button" to="/account/signup?next=%2Fpricing">Create an account</Link>
            <Link className="button button-secondary" to="/account/login?next=%2Fpricing">Sign in</Link>
          </p>
        </section>
      ) : plans.isPending ? <Loading /> : plans.data?.length ? (
        <>
          {intervals.length > 1 ? (
            <div className="pricing-controls">
              <fieldset className="interval-switch">
                <legend className="visually-hidden">Billing period</legend>
                {intervals.map((value) => (
                  <label key={value}>
                    <input type="radio" name="interval" value={value} checked={shown === value} onChange={() => setInterval(value)} />
                    <span>{value === "year" ? "Yearly" : value === "month" ? "Monthly" : value}</span>
                  </label>
                ))}
              </fieldset>
            </div>
          ) : null}
          <div className="plans">
            {plans.data.map((plan) => {
              const price = plan.prices.find((item) => item.interval === shown);
              const mine = current === plan.key;
              return (
                <section key={plan.key} className={`plan${mine ? " plan-current" : ""}`} aria-labelledby={`plan-${plan.key}`}>
                  <h2 className="plan-name" id={`plan-${plan.key}`}>
                    {plan.name} {mine ? <span className="badge badge-brand">Your plan</span> : null}
                  </h2>
                  {plan.feature_labels.length ? (
                    <ul className="features" aria-label="Included">
                      {plan.feature_labels.map((label) => <li key={label}>{label}</li>)}
                    </ul>
                  ) : null}
                  <div className="plan-prices">
                    {price ? (
                      <div className="plan-price">
                        <p className="amount">
                          {formatAmount(price.unit_amount, price.currency)} <span className="amount-period">{period(plan, price)}</span>
                        </p>
                        {!signedIn ? (
                          <Link className="button button-block" to="/account/signup?next=%2Fpricing">Sign up to subscribe</Link>
                        ) : mine ? (
                          <button type="button" className="button button-secondary button-block" disabled>Your current plan</button>
                        ) : current ? (
                          <Link className="button button-secondary button-block" to="/billing">Change plan</Link>
                        ) : (
                          <button type="button" className="button button-block" disabled={checkout.isPending}
                            aria-label={`Subscribe to ${plan.name}`} onClick={() => checkout.mutate(price.id)}>
                            Subscribe
                          </button>
                        )}
                      </div>
                    ) : <p className="muted">Not offered {shown === "year" ? "yearly" : "monthly"}.</p>}
                  </div>
                </section>
              );
            })}
          </div>
        </>
      ) : plans.error ? null : (
        <section className="empty-state" aria-labelledby="no-plans">
          <h2 id="no-plans" className="empty-state-title">No plans yet</h2>
          <p>No plans are available yet. An administrator syncs them from Stripe with <code>manage.py billing_sync_plans</code>.</p>
        </section>
      )}
    </>
  );
}

/** /billing: the subscription, Manage billing (the portal). */
export function BillingOverview() {
  const subscription = useSubscription();
  const plans = usePlans();
  const portal = usePortal();
  const [params] = useSearchParams();
  const data = subscription.data;
  const plan = plans.data?.find((item) => item.key === data?.plan);
  const manage = (
    <button type="button" className="button button-secondary" disabled={portal.isPending} onClick={() => portal.mutate()}>
      Manage billing
    </button>
  );
  return (
    <>
      <PageHeader title="Billing">
        <p className="muted">Your plan, payment method and invoices.</p>
      </PageHeader>
      <TeamNote />
      {params.get("checkout") === "success" ? <Alert tone="success" messages={["Thank you: your subscription is being set up."]} /> : null}
      {portal.error ? <Alert messages={[portal.error.message]} /> : null}
      {subscription.error ? <Alert messages={[subscription.error.message]} /> : null}
      {subscription.isPending ? <Loading /> : data?.id ? (
        <section className="card" aria-labelledby="subscription-heading">
          <div className="card-row">
            <h2 id="subscription-heading" className="card-title">Subscription</h2>
            {manage}
          </div>
          <dl className="details-list">
            <dt>Plan</dt>
            <dd>{plan?.name ?? data.plan ?? "None"}</dd>
            <dt>Status</dt>
            <dd>
              <span className={`badge badge-${STATUS_TONES[data.status ?? ""] ?? "neutral"}`}>{statusLabel(data.status ?? "")}</span>
              {!data.active ? <span className="muted"> (no access)</span> : null}
            </dd>
            {data.current_period_end ? (
              <>
                <dt>{data.cancel_at_period_end || data.status === "canceled" ? "Ends" : "Renews"}</dt>
                <dd><time dateTime={data.current_period_end}>{new Date(data.current_period_end).toLocaleDateString()}</time></dd>
              </>
            ) : null}
          </dl>
          {data.status === "past_due" ? (
            <div className="alert alert-warning"><p>Your last payment failed. Update your card in the billing portal to keep access.</p></div>
          ) : null}
          {data.features.length ? (
            <>
              <h3>Included</h3>
              <ul className="features">
                {(plan?.feature_labels.length ? plan.feature_labels : data.features).map((feature) => <li key={feature}>{feature}</li>)}
              </ul>
            </>
          ) : null}
        </section>
      ) : data ? (
        <section className="empty-state" aria-labelledby="no-subscription">
          <h2 id="no-subscription" className="empty-state-title">You have no subscription</h2>
          <p>Pick a plan to unlock every feature. You can change or cancel it at any time.</p>
          <p className="button-group"><Link className="button" to="/pricing">See the plans</Link> {manage}</p>
        </section>
      ) : null}
    </>
  );
}

/** /billing/success: where Checkout comes back. */
export function CheckoutSuccess() {
  const subscription = useSubscription();
  return (
    <CardPage title="Thank you">
      <Alert tone="success" messages={["Your payment went through: your subscription is being set up."]} />
      {subscription.data?.active ? <p>Your plan: <strong>{subscription.data.plan}</strong>.</p> : <p className="muted">It can take a few seconds to show.</p>}
      <p><Link className="button" to="/billing">Go to billing</Link></p>
    </CardPage>
  );
}
