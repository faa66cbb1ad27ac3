/** The site's name in the shell and page titles (the Django shell may set <html data-site-name>). */
export const SITE_NAME: string =
  (typeof document !== "undefined" && document.documentElement.dataset.siteName) || "QuickScale";
