"""Seams between modules: signals defined in core so no module imports another.

Each signal documents its arguments and what receivers return.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger("quickscale_core.signals")

#: Sent before an account is deleted, with ``user``. A receiver returns a list
#: of one-line reasons that block the deletion (empty when it has none); the
#: deletion goes ahead only when every receiver returns an empty list.
user_deletion_blockers = Signal()

#: Sent inside the deletion transaction, just before the user row goes, with
#: ``user``. Receivers delete or anonymise their module's data for that user.
user_deleting = Signal()

#: Sent when a user asks for an export of their data, with ``user``. A receiver
#: returns ``(section_name, json_serialisable_data)``.
user_data_export = Signal()

#: Sent after commit whenever a team's memberships change, with ``team`` and
#: ``seats`` (the member count now). Billing keeps per-seat quantities by it.
team_members_changed = Signal()

# -- events other modules may react to (quickscale-modules-notifications turns them into notifications) --
# Each is sent after the transaction commits, through send_on_commit(); a receiver's error is logged
# and never reaches the sender. A module that does not install a receiver changes nothing.

#: A team invitation was sent: ``invitation`` (with ``team``, ``email``, ``role``, ``invited_by``)
#: and ``url`` (the accept link).
invitation_sent = Signal()

#: ``user`` joined ``team`` with ``role``.
member_joined = Signal()

#: ``user`` left ``team`` or was removed from it (``by``: who removed them, or the user).
member_left = Signal()

#: The role of ``user`` in ``team`` became ``role``; ``by`` made the change.
role_changed = Signal()

#: The subscription of ``owner`` (a user or a team) started or changed: ``status`` and ``plan`` (names).
subscription_changed = Signal()

#: A payment of ``owner`` (a user or a team) failed; ``url`` says where to fix it ("" when unknown).
payment_failed = Signal()

#: ``user`` signed in from a device or browser not seen before: ``ip`` and ``user_agent``.
new_sign_in = Signal()


def send_on_commit(signal: Signal, sender: Any, **kwargs: Any) -> None:
    """Send ``signal`` once the current transaction commits (at once outside one); receivers' errors are logged."""

    def send() -> None:
        for receiver, result in signal.send_robust(sender=sender, **kwargs):
            if isinstance(result, Exception):
                logger.error("Receiver %r of a QuickScale signal failed: %s", receiver, result, exc_info=result)

    transaction.on_commit(send, robust=True)
