"""Every setting of quickscale_modules.auth, with its default, read in one place (allauth's style).

Use ``from quickscale_modules.auth.app_settings import app_settings`` and read
``app_settings.SIGNUP_OPEN``; the values are read from ``django.conf.settings``
on each access, so ``override_settings`` works in tests.
"""

from __future__ import annotations

from typing import Any

#: What ``delete_account`` does with the user row; see docs/modules/auth.md.
DELETION_POLICIES = ("delete", "anonymise")


class AppSettings:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def _setting(self, name: str, default: Any) -> Any:
        from django.conf import settings

        return getattr(settings, self.prefix + name, default)

    @property
    def SIGNUP_OPEN(self) -> bool:  # noqa: N802 - setting names are upper case
        """Whether new accounts can be created (by form, headless API and social login)."""
        return self._setting("SIGNUP_OPEN", True)  # type: ignore[no-any-return]

    @property
    def SOCIAL_PROVIDERS(self) -> list[str]:  # noqa: N802
        """Ids of the allauth social providers offered (``["google", "github", "microsoft"]``)."""
        return list(self._setting("SOCIAL_PROVIDERS", []))

    @property
    def REQUIRE_MFA_FOR_STAFF(self) -> bool:  # noqa: N802
        """Send staff users without an authenticator to MFA setup before anything else."""
        return self._setting("REQUIRE_MFA_FOR_STAFF", False)  # type: ignore[no-any-return]

    @property
    def SECURE_ADMIN_LOGIN(self) -> bool:  # noqa: N802
        """Send the admin's login page to allauth's, so admin sign-ins get rate limits and MFA too."""
        return self._setting("SECURE_ADMIN_LOGIN", True)  # type: ignore[no-any-return]

    @property
    def DELETION_POLICY(self) -> str:  # noqa: N802
        """``"delete"`` removes the user row; ``"anonymise"`` keeps it, scrubbed and deactivated."""
        return self._setting("DELETION_POLICY", "delete")  # type: ignore[no-any-return]


app_settings = AppSettings("QUICKSCALE_AUTH_")
