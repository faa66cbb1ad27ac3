"""Seams between modules: signals defined in core so no module imports another.

Each signal documents its arguments and what receivers return.
"""

from django.dispatch import Signal

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
