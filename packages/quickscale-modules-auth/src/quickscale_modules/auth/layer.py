"""Settings layer of quickscale_modules.auth: what it adds to a project's settings.

Imported at settings time: it imports nothing but ``quickscale_core.settings``.
Every value here is a default; a project overrides it after ``apply_modules``.
"""

from __future__ import annotations

from typing import Any

from quickscale_core.settings.environment import env
from quickscale_core.settings.layering import Entry, Layer

#: Social providers whose keys this layer reads from the environment. Each
#: needs ``QUICKSCALE_AUTH_<ID>_CLIENT_ID`` and ``QUICKSCALE_AUTH_<ID>_SECRET``.
ENV_PROVIDERS = ("google", "github", "microsoft")


def provider_env_names(provider: str) -> tuple[str, str]:
    """The environment variables holding a provider's client id and secret."""
    prefix = f"QUICKSCALE_AUTH_{provider.upper()}"
    return f"{prefix}_CLIENT_ID", f"{prefix}_SECRET"


def social_providers_from_env() -> dict[str, Any]:
    """``SOCIALACCOUNT_PROVIDERS`` entries for the providers whose keys are in the environment."""
    providers: dict[str, Any] = {}
    for provider in ENV_PROVIDERS:
        client_id_var, secret_var = provider_env_names(provider)
        client_id = env.str(client_id_var, default="")
        secret = env.str(secret_var, default="")
        if client_id and secret:
            providers[provider] = {"APPS": [{"client_id": client_id, "secret": secret, "key": ""}]}
    microsoft = providers.get("microsoft")
    if microsoft is not None:
        microsoft["TENANT"] = env.str("QUICKSCALE_AUTH_MICROSOFT_TENANT", default="common")
    if "github" in providers:
        providers["github"]["SCOPE"] = ["user:email"]
    if "google" in providers:
        providers["google"]["SCOPE"] = ["profile", "email"]
    return providers


AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
ALLAUTH_MIDDLEWARE = "allauth.account.middleware.AccountMiddleware"
MESSAGE_MIDDLEWARE = "django.contrib.messages.middleware.MessageMiddleware"
STAFF_MFA_MIDDLEWARE = "quickscale_modules.auth.middleware.StaffMFAMiddleware"

LAYER = Layer(
    name="quickscale_modules.auth",
    requires=("quickscale_core.api",),
    lists={
        # Our app comes first so its templates (allauth's layout, HTML emails) win over allauth's.
        "INSTALLED_APPS": [
            "quickscale_modules.auth",
            "allauth",
            "allauth.account",
            "allauth.mfa",
            "allauth.socialaccount",
            "allauth.socialaccount.providers.google",
            "allauth.socialaccount.providers.github",
            "allauth.socialaccount.providers.microsoft",
            "allauth.headless",
        ],
        "MIDDLEWARE": [
            Entry(ALLAUTH_MIDDLEWARE, after=AUTHENTICATION_MIDDLEWARE),
            # After MessageMiddleware: it tells the user why they were redirected.
            Entry(STAFF_MFA_MIDDLEWARE, after=MESSAGE_MIDDLEWARE),
        ],
        "AUTHENTICATION_BACKENDS": [
            "django.contrib.auth.backends.ModelBackend",
            "allauth.account.auth_backends.AuthenticationBackend",
        ],
    },
    dicts={
        # Each action can be overridden on its own: ACCOUNT_RATE_LIMITS["login"] = "...".
        "ACCOUNT_RATE_LIMITS": {
            "login": "30/m/ip",
            # Past 5 wrong passwords for one email in 5 minutes the adapter answers 429.
            "login_failed": "10/m/ip,5/5m/key",
            "signup": "20/m/ip",
            "reset_password": "20/m/ip,5/m/key",
            "reset_password_from_key": "20/m/ip",
            "request_login_code": "20/m/ip,3/m/key",
            "change_password": "5/m/user",
            "manage_email": "10/m/user",
            "reauthenticate": "10/m/user",
            "confirm_email": "1/3m/key",
        },
        "SOCIALACCOUNT_PROVIDERS": social_providers_from_env(),
    },
    defaults={
        "AUTH_USER_MODEL": "quickscale_auth.User",
        # The ``user_factory`` pytest fixture of quickscale-core: users with a verified email.
        "QUICKSCALE_USER_FACTORY": "quickscale_modules.auth.factories.UserFactory",
        "LOGIN_URL": "account_login",
        "ACCOUNT_ADAPTER": "quickscale_modules.auth.adapter.AccountAdapter",
        "SOCIALACCOUNT_ADAPTER": "quickscale_modules.auth.adapter.SocialAccountAdapter",
        "ACCOUNT_USER_MODEL_USERNAME_FIELD": None,
        "ACCOUNT_LOGIN_METHODS": {"email"},
        "ACCOUNT_SIGNUP_FIELDS": ["email*", "password1*"],
        "ACCOUNT_UNIQUE_EMAIL": True,
        "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        "ACCOUNT_CONFIRM_EMAIL_ON_GET": False,
        "ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION": True,
        "ACCOUNT_LOGIN_BY_CODE_ENABLED": True,
        "ACCOUNT_CHANGE_EMAIL": True,
        "ACCOUNT_EMAIL_NOTIFICATIONS": True,
        "ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE": False,
        "ACCOUNT_SESSION_REMEMBER": None,
        "MFA_SUPPORTED_TYPES": ["totp", "recovery_codes", "webauthn"],
        "MFA_PASSKEY_LOGIN_ENABLED": False,
        "MFA_TOTP_ISSUER": "",
        "SOCIALACCOUNT_EMAIL_AUTHENTICATION": False,
        "SOCIALACCOUNT_LOGIN_ON_GET": False,
        "HEADLESS_CLIENTS": ["browser", "app"],
        "HEADLESS_ONLY": False,
    },
)
