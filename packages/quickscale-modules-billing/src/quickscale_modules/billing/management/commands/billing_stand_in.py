"""``manage.py billing_stand_in``: the local stand-in for Stripe, for the demo and development (never production)."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import NoReverseMatch, reverse

from quickscale_modules.billing import stand_in
from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.testing import FakeStripe


def _default_webhook_url() -> str:
    try:
        path = reverse("quickscale_billing:webhook")
    except NoReverseMatch:
        path = "/billing/webhook/"
    return f"http://127.0.0.1:8000{path}"


def _block() -> None:  # pragma: no cover - blocks until the process ends
    threading.Event().wait()


def wait_until_stopped(fake: FakeStripe) -> None:
    """Serve until Ctrl-C or the process is killed (tests replace this)."""
    try:
        _block()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


class Command(BaseCommand):
    help = (
        "Run the local stand-in for Stripe with the demo plans: its Checkout page pays and sends signed "
        "webhooks to the site, its Customer Portal cancels. Point the project at it with STRIPE_API_HOST."
    )
    # A development tool beside runserver: the project's checks are runserver's business.
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            type=int,
            help=f"where to listen; default: the port of STRIPE_API_HOST, else {stand_in.DEFAULT_PORT}",
        )
        parser.add_argument(
            "--webhook-url",
            help="where Checkout and the Portal deliver events; default: the billing webhook on 127.0.0.1:8000",
        )
        parser.add_argument("--secret", help="the webhook signing secret; default: STRIPE_WEBHOOK_SECRET")
        parser.add_argument("--state", help="a JSON file that keeps customers and subscriptions across restarts")

    def handle(self, *args: Any, **options: Any) -> None:
        configured = app_settings.stand_in_url  # STRIPE_API_HOST unless it is Stripe's own
        port = options["port"] or urlsplit(configured).port or stand_in.DEFAULT_PORT
        webhook_url = options["webhook_url"] or _default_webhook_url()
        secret = options["secret"] or app_settings.webhook_secret
        if not secret:
            raise CommandError(
                "No webhook secret: set STRIPE_WEBHOOK_SECRET (the site checks the stand-in's signatures with it) "
                "or pass --secret."
            )
        try:
            fake = stand_in.start(port=port, webhook_url=webhook_url, secret=secret, state=options["state"])
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); pick another --port.") from exc
        self.stdout.write(f"Stripe stand-in on {fake.url}; webhooks to {webhook_url}")
        if configured.rstrip("/") != fake.url:
            self.stderr.write(f"The site does not talk to it yet: set STRIPE_API_HOST={fake.url} for the site.")
        self.stdout.flush()
        wait_until_stopped(fake)
