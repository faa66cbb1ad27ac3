/* Theme "htmx": configure htmx without inline script (loaded after htmx.min.js, both deferred). */
(function () {
  "use strict";
  var script = document.currentScript;
  var token = script ? script.getAttribute("data-csrf-token") : "";
  if (typeof htmx === "undefined") {
    return;
  }
  // The indicator rules live in quickscale.css: no <style> injected into the page (CSP style-src 'self').
  htmx.config.includeIndicatorStyles = false;
  // No eval of hx-on / js: expressions (CSP script-src without 'unsafe-eval').
  htmx.config.allowEval = false;
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
})();
