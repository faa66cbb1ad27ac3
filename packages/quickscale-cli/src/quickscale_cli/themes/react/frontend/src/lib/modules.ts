/** What a module (src/modules/<name>/) gives the app; src/modules/index.ts lists the installed ones. */
import type { ComponentType, ReactNode } from "react";

export interface ModuleRoute {
  path: string;
  element: ReactNode;
  /** "required": signed-in users only (the login page otherwise); "any": everyone. */
  auth: "required" | "any";
}

export interface NavItem {
  to: string;
  label: string;
  /** Shown to signed-in users only. */
  auth: boolean;
}

export interface AppModule {
  name: string;
  routes: ModuleRoute[];
  nav?: NavItem[];
  /** Shown in the shell's account area for signed-in users (e.g. the notifications bell). */
  shellWidgets?: ComponentType[];
  /** Cards on the dashboard. */
  dashboardCards?: ComponentType[];
  /** Wrap the app (e.g. billing's entitlements for feature gates). */
  providers?: ComponentType<{ children: ReactNode }>[];
}
