"""The local stand-in for Stripe as a process beside the development server (``manage.py billing_stand_in``).

It is :class:`~quickscale_modules.billing.testing.FakeStripe` holding the demo plans, whose hosted
Checkout page pays and delivers the signed webhooks to the site, and whose Customer Portal page
cancels. Nothing reaches Stripe. Needs no Django settings, so a script can start it too.
"""

from __future__ import annotations

from pathlib import Path

from quickscale_modules.billing.demo import seed_stand_in
from quickscale_modules.billing.testing import FakeStripe

#: Where the stand-in listens unless told otherwise (``STRIPE_API_HOST=http://127.0.0.1:12111``).
DEFAULT_PORT = 12111


def start(*, port: int, webhook_url: str, secret: str, state: str | Path | None = None) -> FakeStripe:
    """Start the stand-in on 127.0.0.1:``port`` with the demo plans; returns it running (``.stop()`` ends it).

    Checkout delivers its events to ``webhook_url`` signed with ``secret`` (the project's
    ``STRIPE_WEBHOOK_SECRET``); ``state`` is a JSON file that keeps customers and subscriptions across
    restarts. Raises ``OSError`` when the port is taken.
    """
    fake = FakeStripe(webhook_url=webhook_url, webhook_secret=secret, state_file=state)
    seed_stand_in(fake)
    return fake.start(port)
