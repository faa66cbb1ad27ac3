from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class QuickscaleCoreConfig(AppConfig):
    name = "quickscale_core"
    label = "quickscale_core"
    verbose_name = "QuickScale core"

    def ready(self) -> None:
        from quickscale_core import checks  # noqa: F401 - registers the system checks
        from quickscale_core.startup import resume_collector

        # Every app's models are imported by now: the collector paused by manage.py runs again.
        resume_collector()


class ModuleConfig(AppConfig):
    """Base AppConfig of a QuickScale module (ours or an agency's).

    It ties the app to its settings layer (``<name>.layer`` by default), which
    the ``quickscale_core.E002`` check uses to catch an app installed without
    its layer, and gives the module a hook to seed demo data.
    """

    default_auto_field = "django.db.models.BigAutoField"
    # Importing ModuleConfig into a module's apps.py must not make Django see two
    # candidate configs there: the base is never a default, its subclasses are.
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    @property
    def layer_module(self) -> str:
        """The import path whose ``layer`` submodule holds this module's ``LAYER``."""
        return self.name

    def seed_demo(self, context: dict[str, Any]) -> None:
        """Create this module's demo data; ``context`` is shared by every module.

        Called by ``manage.py quickscale_demo`` in ``INSTALLED_APPS`` order, so a
        module can use what an earlier one put in ``context`` (``context["user"]``).
        """
