"""``{% shellcache %}``: a rendered fragment kept per process, keyed on the language and the given values."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test import override_settings
from django.utils import translation

from quickscale_core.templatetags import quickscale_shell

LIBRARIES = {"quickscale_shell": "quickscale_core.templatetags.quickscale_shell"}


def template(text: str) -> Template:
    return Engine(libraries=LIBRARIES).from_string("{% load quickscale_shell %}" + text)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __str__(self) -> str:
        self.calls += 1
        return f"render {self.calls}"


@pytest.fixture(autouse=True)
def empty_store() -> None:
    quickscale_shell.forget_fragments()


def test_the_same_key_renders_once() -> None:
    counter = Counter()
    page = template('{% shellcache "nav" who %}<p>{{ counter }} for {{ who }}</p>{% endshellcache %}')

    first = page.render(Context({"counter": counter, "who": "ann"}))
    second = page.render(Context({"counter": counter, "who": "ann"}))
    other = page.render(Context({"counter": counter, "who": "bob"}))

    assert first == second == "<p>render 1 for ann</p>"
    assert other == "<p>render 2 for bob</p>"


def test_the_language_is_part_of_the_key() -> None:
    counter = Counter()
    page = template('{% shellcache "nav" %}{{ counter }}{% endshellcache %}')

    with translation.override("en"):
        english = page.render(Context({"counter": counter}))
    with translation.override("es"):
        spanish = page.render(Context({"counter": counter}))

    assert (english, spanish) == ("render 1", "render 2")


def test_two_templates_with_one_name_do_not_share() -> None:
    first = template('{% shellcache "nav" %}first{% endshellcache %}').render(Context())
    second = template('{% shellcache "nav" %}second{% endshellcache %}').render(Context())

    assert (first, second) == ("first", "second")


def test_a_settings_change_empties_the_store() -> None:
    counter = Counter()
    page = template('{% shellcache "nav" %}{{ counter }}{% endshellcache %}')
    page.render(Context({"counter": counter}))

    with override_settings(QUICKSCALE_SITE_NAME="Other"):
        assert page.render(Context({"counter": counter})) == "render 2"


def test_the_store_starts_again_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quickscale_shell, "MAX_FRAGMENTS", 3)
    page = template('{% shellcache "nav" n %}{{ n }}{% endshellcache %}')
    for n in range(5):
        page.render(Context({"n": n}))

    assert len(quickscale_shell._fragments) <= 3


def test_a_csrf_token_cannot_be_cached() -> None:
    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        template('{% shellcache "form" %}<form>{% csrf_token %}</form>{% endshellcache %}')


def test_a_name_is_required() -> None:
    with pytest.raises(TemplateSyntaxError, match="fragment name"):
        template("{% shellcache %}x{% endshellcache %}")
