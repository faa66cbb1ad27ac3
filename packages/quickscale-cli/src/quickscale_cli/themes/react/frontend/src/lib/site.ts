/**
 * The site's name in the shell and page titles: `<html data-site-name>` when the Django shell sets it,
 * else the shell's first <title> (Django renders SITE_NAME there; read once, before pages change it).
 */
function siteName(): string {
  if (typeof document === "undefined") {
    return "QuickScale";
  }
  return document.documentElement.dataset.siteName || document.title.trim() || "QuickScale";
}

export const SITE_NAME: string = siteName();
