import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles/quickscale.css";
import "./styles/site.css";

const root = document.getElementById("root");
if (!root) {
  throw new Error('The page has no <div id="root">: the Django shell template must render one.');
}
// The first render happens now, before the page's load event: the shell and the page's frame are
// there as soon as the browser says the page is loaded (the session and data load after).
const app = createRoot(root);
flushSync(() => {
  app.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
