"""The billing module's background work (quickscale_core.tasks: Django's Tasks API, any backend)."""

from __future__ import annotations

from quickscale_core.tasks import task


class SeatSyncPendingError(Exception):
    """Some seat quantities could not reach Stripe; the task is retried with backoff."""


@task(backoff=60)
def sync_seats() -> int:
    """Send every pending seat quantity to Stripe; raises while some are still refused (retried).

    Idempotent: it sends the quantity each row holds now, and a row is deleted only once Stripe
    accepted that quantity. Rows Stripe refused ``QUICKSCALE_BILLING_SEAT_SYNC_MAX_ATTEMPTS`` times
    are given up (logged, left in the admin) and no longer make the task fail.
    """
    from quickscale_modules.billing import services

    sent, failed = services.process_pending_seat_syncs()
    if failed:
        raise SeatSyncPendingError(f"{failed} seat quantities could not reach Stripe; sent {sent}.")
    return sent
