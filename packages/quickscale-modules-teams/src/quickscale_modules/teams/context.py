"""The team of a request: set from the slug in the URL, read through typed accessors.

``set_team_context`` (called by the decorators, mixins and DRF bases) stores the team and the
user's membership on the request; :func:`current_team` and :func:`current_membership` read them
back typed (None outside a team URL), and :func:`team_membership` for views that cannot run
without one. ``request.team`` and ``request.membership`` stay as attributes, for templates.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.request import Request

from quickscale_modules.teams import roles, selectors
from quickscale_modules.teams.backends import remember_role
from quickscale_modules.teams.models import Membership, Team

#: The permission the ``team_admin_required`` decorator and ``TeamAdminRequiredMixin`` ask for.
ADMIN_PERMISSION = "manage_members"

NOT_FOUND = gettext_lazy("No team found at this address, or you are not a member of it.")

#: The request attributes holding the team context (Django's request; a DRF request reads through to it).
TEAM_ATTR = "team"
MEMBERSHIP_ATTR = "membership"

AnyRequest = HttpRequest | Request


def _django_request(request: AnyRequest) -> HttpRequest:
    return request._request if isinstance(request, Request) else request


def set_team_context(request: AnyRequest, slug: str, permission: str | None = None) -> Membership:
    """Load the user's membership of the team ``slug`` onto the request.

    A non-member (or a wrong slug) gets a 404, so a team's existence is not
    revealed; a member whose role lacks ``permission`` gets a 403.
    """
    membership = selectors.membership_for(user=request.user, slug=slug)
    if membership is None:
        raise Http404(str(NOT_FOUND))
    remember_role(request.user, membership.team, membership.role)  # team_has_perm in the page reads it
    django_request = _django_request(request)
    setattr(django_request, TEAM_ATTR, membership.team)
    setattr(django_request, MEMBERSHIP_ATTR, membership)
    if permission and not roles.role_grants(membership.role, permission):
        raise PermissionDenied(
            _("Your role (%(role)s) in %(team)s does not allow this.")
            % {"role": membership.role_label, "team": membership.team.name}
        )
    return membership


def current_membership(request: AnyRequest) -> Membership | None:
    """The user's membership of the request's team, or None outside a team URL."""
    membership = getattr(_django_request(request), MEMBERSHIP_ATTR, None)
    return membership if isinstance(membership, Membership) else None


def current_team(request: AnyRequest) -> Team | None:
    """The request's team (from the URL's slug, for a member), or None outside a team URL."""
    team = getattr(_django_request(request), TEAM_ATTR, None)
    return team if isinstance(team, Team) else None


def team_membership(request: AnyRequest) -> Membership:
    """The request's membership, in a view behind ``team_member_required`` or a team mixin.

    Raises ``ImproperlyConfigured`` when the view forgot them: a programming error, not a visitor's.
    """
    membership = current_membership(request)
    if membership is None:
        raise ImproperlyConfigured(
            "This view reads the team of the request but none is set: decorate it with team_member_required "
            "or use TeamMemberRequiredMixin / TeamAPIMixin."
        )
    return membership
