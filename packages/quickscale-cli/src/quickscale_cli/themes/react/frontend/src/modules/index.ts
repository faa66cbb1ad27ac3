// The installed modules, read by the rest of the app (routes, navigation, shell widgets, dashboard cards).
// `quickscale init` rewrites this file with the chosen modules only: keep it to imports and one array.
import type { AppModule } from "../lib/modules";
import billing from "./billing";
import notifications from "./notifications";
import teams from "./teams";

export const modules: AppModule[] = [teams, billing, notifications];
