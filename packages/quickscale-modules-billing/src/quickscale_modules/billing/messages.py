"""What billing tells a user it refuses, one wording for the pages and the API (translated lazily)."""

from django.utils.translation import gettext_lazy as _

#: The owner is "team" and the user has no team to bill.
NO_OWNER = _("Billing is per team: create or join a team first.")
#: The user may see the team's billing but not change it.
NOT_ALLOWED = _("Only the team's owners and admins can change its billing.")
