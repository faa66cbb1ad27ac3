"""The base of every module's settings object (allauth's ``app_settings`` pattern), in one place.

A module reads its own settings, each with its default, through one object::

    from quickscale_core.app_settings import AppSettings as BaseAppSettings

    class AppSettings(BaseAppSettings):
        prefix = "QUICKSCALE_TEAMS_"

        @property
        def PERSONAL_TEAM(self) -> bool:  # noqa: N802 - settings are upper case
            \"\"\"Create a personal team for each new user at signup.\"\"\"
            return self._setting("PERSONAL_TEAM", False)

    app_settings = AppSettings()

and code reads ``app_settings.PERSONAL_TEAM``. Values come from ``django.conf.settings`` on each
access, never cached, so ``override_settings`` and pytest-django's ``settings`` fixture work.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class AppSettings:
    """Reads ``<prefix><NAME>`` settings with their defaults; subclass it with one property per setting.

    Each property is the setting's name without the prefix, upper case, and its docstring says
    what the setting does; its default is the one given to :meth:`_setting`. Validation belongs
    in the module's system checks (they read the same properties), not here: a wrong value must
    be reported by ``manage.py check``, not raise on first use.
    """

    #: The common start of the module's setting names, e.g. ``"QUICKSCALE_BILLING_"``.
    prefix: str = ""

    def __init__(self, prefix: str | None = None) -> None:
        if prefix is not None:
            self.prefix = prefix
        if not self.prefix:
            raise ValueError(f"{type(self).__qualname__} needs a prefix, e.g. 'QUICKSCALE_<MODULE>_'.")

    def _setting(self, name: str, default: T) -> T:
        """``settings.<prefix><name>``, or ``default`` when the project does not set it.

        The value is typed as the default's type: the module's checks report a value of another type.
        """
        return self._django_setting(self.prefix + name, default)

    def _django_setting(self, name: str, default: T) -> T:
        """A setting outside the prefix (one a library also reads, e.g. ``STRIPE_SECRET_KEY``)."""
        from django.conf import settings

        value: T = getattr(settings, name, default)
        return value

    def setting_name(self, name: str) -> str:
        """The full name of a setting, as a project writes it (for messages and hints)."""
        return self.prefix + name

    @classmethod
    def names(cls) -> list[str]:
        """The names (without prefix) of the settings the class reads, in definition order (subclasses last)."""
        found: list[str] = []
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, property) and name.isupper() and name not in found:
                    found.append(name)
        return found

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} {self.prefix}*>"


class TaskSettings(AppSettings):
    """Core's own settings of background work (:mod:`quickscale_core.tasks`), read like a module's."""

    prefix = "QUICKSCALE_TASKS_"

    @property
    def MAX_ATTEMPTS(self) -> int:  # noqa: N802 - settings are upper case
        """Tries of a failing task (``@task()`` without ``max_attempts``) before it is recorded as failed."""
        return self._setting("MAX_ATTEMPTS", 5)

    @property
    def BACKOFF_SECONDS(self) -> float:  # noqa: N802
        """Seconds before the first retry of a failing task; each further retry waits twice as long."""
        return self._setting("BACKOFF_SECONDS", 30)


#: ``task_settings.MAX_ATTEMPTS``, ``task_settings.BACKOFF_SECONDS`` (``QUICKSCALE_TASKS_*``).
task_settings = TaskSettings()
