import { Link } from "react-router";
import { usePageTitle } from "../components/ui";

export function NotFound() {
  usePageTitle("Page not found");
  return (
    <section className="error-page" aria-labelledby="error-title">
      <span className="error-code" aria-hidden="true">404</span>
      <h1 id="error-title">Page not found</h1>
      <p className="lead">The page you asked for does not exist or has moved.</p>
      <p className="button-group"><Link className="button" to="/">Go to the home page</Link></p>
    </section>
  );
}
