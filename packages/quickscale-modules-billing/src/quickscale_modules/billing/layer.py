"""Settings layer of quickscale_modules.billing: what it adds to a project's settings.

Stripe keys come from the environment, each variable named like its setting. ``STRIPE_LIVE_MODE``
picks live or test mode; the keys must match it (``sk_live_``/``pk_live_`` or ``sk_test_``/``pk_test_``),
which the ``quickscale_billing.E00x`` checks verify.
"""

import os
import warnings

from quickscale_core.settings.environment import env
from quickscale_core.settings.layering import Layer
from quickscale_modules.billing.app_settings import OLD_PUBLIC_KEY_VARIABLE


def public_key_from_env() -> str:
    """``STRIPE_PUBLIC_KEY`` from the environment, else (deprecated) ``STRIPE_PUBLISHABLE_KEY``.

    The deprecated name warns here and in ``manage.py check`` (``quickscale_billing.I001``).
    """
    if "STRIPE_PUBLIC_KEY" in os.environ or OLD_PUBLIC_KEY_VARIABLE not in os.environ:
        return str(env.str("STRIPE_PUBLIC_KEY", default=""))
    warnings.warn(
        f"The environment variable {OLD_PUBLIC_KEY_VARIABLE} is deprecated: rename it STRIPE_PUBLIC_KEY, "
        "the name of the Django setting. QuickScale reads the old name until 2.0.",
        DeprecationWarning,
        stacklevel=2,
    )
    return str(env.str(OLD_PUBLIC_KEY_VARIABLE))


#: Where billing's squash of dj-stripe's migrations lives (``quickscale_billing.E030`` checks it covers dj-stripe's).
DJSTRIPE_MIGRATIONS = "quickscale_modules.billing.djstripe_migrations"

DEFAULTS: dict[str, object] = {
    "STRIPE_LIVE_MODE": env.bool("STRIPE_LIVE_MODE", default=False),
    "STRIPE_SECRET_KEY": env.str("STRIPE_SECRET_KEY", default=""),
    "STRIPE_PUBLIC_KEY": public_key_from_env(),
    "STRIPE_WEBHOOK_SECRET": env.str("STRIPE_WEBHOOK_SECRET", default=""),
    # Stripe-signed webhooks only (never the "retrieve the event again" mode).
    "DJSTRIPE_WEBHOOK_VALIDATION": "verify_signature",
    "DJSTRIPE_FOREIGN_KEY_TO_FIELD": "id",
    "DJSTRIPE_USE_NATIVE_JSONFIELD": True,
}
# Only for a local fake of Stripe (tests, the e2e run): dj-stripe points stripe-python at it and
# warns (djstripe.W002) whenever it is set without DEBUG.
if env.str("STRIPE_API_HOST", default=""):
    DEFAULTS["STRIPE_API_HOST"] = env.str("STRIPE_API_HOST")

LAYER = Layer(
    name="quickscale_modules.billing",
    requires=("quickscale_core.api",),
    lists={"INSTALLED_APPS": ["djstripe", "quickscale_modules.billing"]},
    # dj-stripe's migrations squashed to their final state (seconds instead of ~40 s on an empty database);
    # they replace dj-stripe's own, so existing databases upgrade with nothing to do (docs/modules/billing.md).
    dicts={"MIGRATION_MODULES": {"djstripe": DJSTRIPE_MIGRATIONS}},
    defaults=DEFAULTS,
)
