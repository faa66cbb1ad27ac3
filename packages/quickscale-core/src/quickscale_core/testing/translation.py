"""A pseudo-translation for tests: every string that goes through gettext comes out as ``⟦string⟧``.

A page rendered under it shows which strings are marked for translation (``{% translate %}``,
``gettext``) and which are not, without compiling a catalog::

    with pseudo_translation():
        html = client.get("/teams/").content.decode()
    assert "⟦Your teams⟧" in html
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils.translation import trans_real

#: Django's translation state (module globals the stubs do not declare).
_state: Any = trans_real

OPEN, CLOSE = "⟦", "⟧"


def pseudo(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}" if text else text


class PseudoTranslation(trans_real.DjangoTranslation):
    """Django's English translation with every message wrapped (context-marked ones too)."""

    def gettext(self, message: str) -> str:
        if trans_real.CONTEXT_SEPARATOR in message:  # pgettext: "context\x04message"
            return pseudo(message.split(trans_real.CONTEXT_SEPARATOR, 1)[1])
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


@contextmanager
def pseudo_translation() -> Iterator[None]:
    """Every language Django activates in the block (the request's too) is the pseudo-translation."""
    fake = PseudoTranslation("en")
    codes = {settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES)}
    saved: dict[str, Any] = {code: _state._translations.get(code) for code in codes}
    saved_default, saved_active = _state._default, getattr(_state._active, "value", None)
    try:
        for code in codes:
            _state._translations[code] = fake
        _state._default = fake
        _state._active.value = fake
        yield
    finally:
        for code, value in saved.items():
            if value is None:
                _state._translations.pop(code, None)
            else:
                _state._translations[code] = value
        _state._default = saved_default
        if saved_active is None:
            del _state._active.value
        else:
            _state._active.value = saved_active
