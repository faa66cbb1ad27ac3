"""``{% load quickscale_shell %}``: ``{% shellcache "name" value ... %}...{% endshellcache %}``.

The page shell (header, navigation, account menu) is the same markup for every request of one user on
one page, yet it was a third of a logged-in page's render (docs/performance.md). ``shellcache`` keeps the
rendered fragment in this process, keyed on the fragment, the active language and the values given
(resolve them in the template: ``user.pk request.path``...); the next render with the same key is a
dictionary lookup. Per process on purpose: no cache backend round trip or pickling, nothing shared
between deployments, and gone on restart. It is emptied when settings change (tests), when the
autoreloader sees a file change, and when it holds :data:`MAX_FRAGMENTS`.

Give every value the fragment reads that can differ between requests (the user, the path, the
section); a ``{% csrf_token %}`` cannot be cached (its token is per browser) and is refused.
"""

from __future__ import annotations

import itertools
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import FilterExpression, Parser, Token
from django.template.defaulttags import CsrfTokenNode
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

#: Fragments kept per process before the store starts again (a few KB each).
MAX_FRAGMENTS = 2000
_fragments: dict[tuple[Any, ...], SafeString] = {}
_node_ids = itertools.count()


def forget_fragments(**kwargs: Any) -> None:
    """Empty the store (settings changed in tests, or a template file changed under runserver)."""
    _fragments.clear()


setting_changed.connect(forget_fragments, dispatch_uid="quickscale_core_forget_shell_fragments")
file_changed.connect(forget_fragments, dispatch_uid="quickscale_core_forget_shell_fragments")


class ShellCacheNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, vary_on: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.vary_on = vary_on
        # A number per parsed node: the same name in another (or a reloaded) template never collides.
        self.key = (next(_node_ids), name)

    def render(self, context: template.Context) -> SafeString:
        key = (*self.key, get_language(), *(value.resolve(context) for value in self.vary_on))
        found = _fragments.get(key)
        if found is None:
            found = mark_safe(self.nodelist.render(context))  # noqa: S308 - the nodelist's own (escaped) output
            if len(_fragments) >= MAX_FRAGMENTS:
                _fragments.clear()
            _fragments[key] = found
        return found


@register.tag
def shellcache(parser: Parser, token: Token) -> ShellCacheNode:
    """``{% shellcache "name" value ... %}...{% endshellcache %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name: {{% shellcache \"nav\" user.pk %}}")
    nodelist = parser.parse(("endshellcache",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(
            f"{{% shellcache {bits[1]} %}} contains a {{% csrf_token %}}: its token is per browser, so it cannot be"
            " cached. Move the form out of the cached fragment."
        )
    return ShellCacheNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])
