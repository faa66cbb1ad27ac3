"""Every setting of quickscale_modules.auth, with its default, read in one place (allauth's style).

Use ``from quickscale_modules.auth.app_settings import app_settings`` and read
``app_settings.SIGNUP_OPEN``; the values are read from ``django.conf.settings``
on each access, so ``override_settings`` works in tests.
"""

from __future__ import annotations

from quickscale_core.app_settings import AppSettings as BaseAppSettings

#: What ``delete_account`` does with the user row; see docs/modules/auth.md.
DELETION_POLICIES = ("delete", "anonymise")


class AppSettings(BaseAppSettings):
    prefix = "QUICKSCALE_AUTH_"

    @property
    def SIGNUP_OPEN(self) -> bool:  # noqa: N802 - setting names are upper case
        """Whether new accounts can be created (by form, headless API and social login)."""
        return self._setting("SIGNUP_OPEN", True)

    @property
    def SOCIAL_PROVIDERS(self) -> list[str]:  # noqa: N802
        """Ids of the allauth social providers offered (``["google", "github", "microsoft"]``)."""
        return list(self._setting("SOCIAL_PROVIDERS", []))

    @property
    def REQUIRE_MFA_FOR_STAFF(self) -> bool:  # noqa: N802
        """Send staff users without an authenticator to MFA setup before anything else."""
        return self._setting("REQUIRE_MFA_FOR_STAFF", False)

    @property
    def SECURE_ADMIN_LOGIN(self) -> bool:  # noqa: N802
        """Send the admin's login page to allauth's, so admin sign-ins get rate limits and MFA too."""
        return self._setting("SECURE_ADMIN_LOGIN", True)

    @property
    def DELETION_POLICY(self) -> str:  # noqa: N802
        """``"delete"`` removes the user row; ``"anonymise"`` keeps it, scrubbed and deactivated."""
        return self._setting("DELETION_POLICY", "delete")

    @property
    def DEVICE_COOKIE_NAME(self) -> str:  # noqa: N802
        """The cookie that remembers the users who signed in from a browser (a sign-in elsewhere is "new")."""
        return self._setting("DEVICE_COOKIE_NAME", "quickscale_device")

    @property
    def DEVICE_COOKIE_MAX_AGE_DAYS(self) -> int:  # noqa: N802
        """How long a browser stays known without a sign-in; every sign-in restarts it."""
        return self._setting("DEVICE_COOKIE_MAX_AGE_DAYS", 365)


app_settings = AppSettings()
