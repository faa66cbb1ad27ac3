"""``{% vite_entry %}``: the tags of the Vite app's entry, from its manifest (see quickscale_core.vite)."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from quickscale_core import vite

register = template.Library()


@register.simple_tag
def vite_entry(entry: str = "") -> SafeString:
    """Stylesheets, module preloads and the module script of ``entry`` (default ``QUICKSCALE_VITE_ENTRY``).

    Raises :class:`quickscale_core.vite.ManifestError` when the app is not built: the shell view
    turns it into a one-line error page.
    """
    assets = vite.current_assets(entry or None)
    styles = format_html_join("", '<link rel="stylesheet" href="{}">', ((static(path),) for path in assets.css))
    preloads = format_html_join(
        "", '<link rel="modulepreload" href="{}">', ((static(path),) for path in assets.preload)
    )
    script = format_html('<script type="module" src="{}"></script>', static(assets.script))
    return format_html("{}{}{}", styles, preloads, script)
