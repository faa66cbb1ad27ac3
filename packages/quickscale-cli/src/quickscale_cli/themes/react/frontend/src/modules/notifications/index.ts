import { createElement } from "react";
import type { AppModule } from "../../lib/modules";
import { Bell, NotificationsPage } from "./pages";

const notifications: AppModule = {
  name: "notifications",
  routes: [{ path: "/notifications", element: createElement(NotificationsPage), auth: "required" }],
  nav: [{ to: "/notifications", label: "Notifications", auth: true }],
  shellWidgets: [Bell],
};

export default notifications;
