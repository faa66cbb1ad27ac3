"""The team of a request: ``request.team`` and ``request.membership`` from the slug in the URL."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quickscale_modules.teams import roles, selectors
from quickscale_modules.teams.models import Membership

#: The permission the ``team_admin_required`` decorator and ``TeamAdminRequiredMixin`` ask for.
ADMIN_PERMISSION = "manage_members"

NOT_FOUND = gettext_lazy("No team found at this address, or you are not a member of it.")


def set_team_context(request: HttpRequest, slug: str, permission: str | None = None) -> Membership:
    """Load the user's membership of the team ``slug`` onto the request.

    A non-member (or a wrong slug) gets a 404, so a team's existence is not
    revealed; a member whose role lacks ``permission`` gets a 403.
    """
    membership = selectors.membership_for(user=request.user, slug=slug)
    if membership is None:
        raise Http404(str(NOT_FOUND))
    request_any: Any = request
    request_any.team = membership.team
    request_any.membership = membership
    if permission and not roles.role_grants(membership.role, permission):
        raise PermissionDenied(
            _("Your role (%(role)s) in %(team)s does not allow this.")
            % {"role": membership.role_label, "team": membership.team.name}
        )
    return membership
