import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles/quickscale.css";
import "./styles/site.css";

const root = document.getElementById("root");
if (!root) {
  throw new Error('The page has no <div id="root">: the Django shell template must render one.');
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
