/*
 * QuickScale's small behaviours (docs/theming.md). No inline script anywhere: every page loads
 * this file with `defer`. Each behaviour has a no-JavaScript fallback that still works:
 *  - the menu button (.js-nav-toggle) opens the navigation on small screens (without JS it is open);
 *  - a form with .js-confirm opens its <dialog> before a destructive action (without JS the
 *    server answers the first POST with a confirmation page);
 *  - the pricing switch (data-interval-switch) shows the prices of one billing period (without JS
 *    both periods are listed);
 *  - the user menu (<details class="user-menu">) closes on Escape and on a click elsewhere.
 */
(function () {
  "use strict";

  // Navigation: the menu button on small screens.
  document.querySelectorAll(".js-nav-toggle").forEach(function (button) {
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) {
      return;
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("is-open", open);
    });
  });

  // User menu: close on Escape and on a click outside.
  function closeMenus(except) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (menu !== except) {
        menu.open = false;
      }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.user-menu") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var open = document.querySelector("details.user-menu[open]");
      if (open) {
        open.open = false;
        open.querySelector("summary").focus();
      }
    }
  });

  // Confirmation: a destructive form asks in its dialog first. The dialog's own button submits
  // with confirmed=yes; any other submission (the visible button, Enter) opens the dialog.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-confirm")) {
      return;
    }
    var submitter = event.submitter;
    if (submitter && submitter.name === "confirmed") {
      return;
    }
    var dialog = form.querySelector("dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      return; // the server asks on a page of its own
    }
    event.preventDefault();
    dialog.showModal();
  });
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest ? event.target.closest(".js-dialog-close") : null;
    if (cancel) {
      var dialog = cancel.closest("dialog");
      if (dialog) {
        dialog.close();
      }
    }
  });

  // Pricing: the monthly/yearly switch.
  document.querySelectorAll("[data-interval-switch]").forEach(function (control) {
    var scope = control.closest("[data-pricing]") || document;
    function show(interval) {
      // Per plan: the price of that period; a plan without one keeps all of its prices.
      scope.querySelectorAll("[data-plan]").forEach(function (plan) {
        var match = plan.querySelector('[data-interval="' + interval + '"]');
        plan.querySelectorAll("[data-interval]").forEach(function (price) {
          price.hidden = Boolean(match) && price !== match;
        });
      });
    }
    var intervals = {};
    scope.querySelectorAll("[data-interval]").forEach(function (price) {
      intervals[price.getAttribute("data-interval")] = true;
    });
    if (Object.keys(intervals).length < 2) {
      return; // one period only: nothing to switch
    }
    control.hidden = false;
    control.addEventListener("change", function (event) {
      show(event.target.value);
    });
    var checked = control.querySelector("input:checked");
    show(checked ? checked.value : "month");
  });
})();
