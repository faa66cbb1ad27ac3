"""Team pages. Thin: each reads through selectors and writes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quickscale_core.confirm import confirmation_page, is_confirmed
from quickscale_modules.teams import roles, selectors, services
from quickscale_modules.teams.adapter import get_adapter
from quickscale_modules.teams.context import team_membership
from quickscale_modules.teams.decorators import team_admin_required, team_member_required
from quickscale_modules.teams.exceptions import TeamError, TeamPermissionError
from quickscale_modules.teams.forms import InvitationForm, RoleForm, TeamForm, TransferForm, grantable_roles
from quickscale_modules.teams.models import Invitation, Membership
from quickscale_modules.teams.receivers import SESSION_TOKEN_KEY


def _run(request: HttpRequest, action: Callable[[], Any], success: str | None) -> bool:
    """Call a service; a refusal becomes an error message (or a 403 for a role refusal)."""
    try:
        action()
    except TeamPermissionError as error:
        raise PermissionDenied(str(error)) from error
    except TeamError as error:
        messages.error(request, str(error))
        return False
    if success:
        messages.success(request, success)
    return True


def _render_team_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    membership = team_membership(request)
    context = {"team": membership.team, "membership": membership, **context}
    return render(request, template, context)


def _who(membership: Membership) -> str:
    return str(getattr(membership.user, "email", "") or membership.user)


def _team_url(name: str, request: HttpRequest) -> str:
    return reverse(f"quickscale_teams:{name}", kwargs={"slug": team_membership(request).team.slug})


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "quickscale_teams/list.html", {"memberships": selectors.memberships_of_user_list(request.user)}
    )


@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(owner=request.user, name=form.cleaned_data["name"])
        except TeamError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Team %(team)s created.") % {"team": team.name})
            return redirect(get_adapter().get_team_url(request, team))
    return render(request, "quickscale_teams/create.html", {"form": form})


@team_member_required
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = team_membership(request)
    team = membership.team
    form = TeamForm(request.POST or None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        if _run(
            request, lambda: services.rename_team(team=team, by=request.user, name=name), _("Team settings saved.")
        ):
            return redirect(_team_url("detail", request))
    context = {
        "form": form,
        "transfer_form": TransferForm(membership=membership),
        "can_change": roles.role_grants(membership.role, "change_team"),
        "can_delete": roles.role_grants(membership.role, "delete_team"),
        "can_transfer": roles.role_grants(membership.role, "transfer_ownership"),
    }
    return _render_team_page(request, "quickscale_teams/detail.html", context)


@team_member_required
@require_POST
def team_leave(request: HttpRequest, slug: str) -> HttpResponse:
    team = team_membership(request).team
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=_("Leave %(team)s?") % {"team": team.name},
            message=_("You lose access to the team and its data. To come back, someone must invite you again."),
            action_label=_("Leave team"),
            cancel_url=_team_url("detail", request),
        )
    if _run(
        request,
        lambda: services.leave_team(team=team, user=request.user),
        _("You left %(team)s.") % {"team": team.name},
    ):
        return redirect(get_adapter().get_teams_url(request))
    return redirect(_team_url("detail", request))


@team_member_required(permission="delete_team")  # refused before asking to confirm
@require_POST
def team_delete(request: HttpRequest, slug: str) -> HttpResponse:
    team = team_membership(request).team
    name = team.name
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=_("Delete %(team)s?") % {"team": name},
            message=_(
                "The team, its members' access, its invitations and its data are deleted. This cannot be undone."
            ),
            action_label=_("Delete team"),
            cancel_url=_team_url("detail", request),
        )
    _run(
        request, lambda: services.delete_team(team=team, by=request.user), _("Team %(team)s deleted.") % {"team": name}
    )
    return redirect(get_adapter().get_teams_url(request))


@team_member_required
@require_POST
def team_transfer(request: HttpRequest, slug: str) -> HttpResponse:
    membership = team_membership(request)
    team = membership.team
    form = TransferForm(request.POST, membership=membership)
    if not form.is_valid():
        messages.error(request, _("Choose a member of this team to become owner."))
        return redirect(_team_url("detail", request))
    target = form.cleaned_data["membership"]
    _run(
        request,
        lambda: services.transfer_ownership(team=team, by=request.user, to=target),
        _("%(who)s is now an owner of %(team)s.") % {"who": _who(target), "team": team.name},
    )
    return redirect(_team_url("members", request))


#: A pk no row has, reversed once per page and replaced by each row's own.
_PK_MARK = 987654321987


@team_member_required
def team_members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = team_membership(request)
    team = membership.team
    can_manage = roles.role_grants(membership.role, "manage_members")
    # Controls only where the services would allow them: not on yourself, not on someone ranked above you.
    # A row's two form URLs come from one reversal each per page, not two per row (the pk is the last path part).
    role_url, remove_url = (
        reverse(f"quickscale_teams:{name}", kwargs={"slug": team.slug, "pk": _PK_MARK}).rpartition(str(_PK_MARK))
        for name in ("member_role", "member_remove")
    )
    rows = []
    for member in selectors.members_list(team):
        manageable = (
            can_manage and member.pk != membership.pk and roles.outranks_or_equals(membership.role, member.role)
        )
        pk = str(member.pk)  # written six times per row: once as text, not localized each time
        rows.append(
            (
                member,
                pk,
                manageable,
                f"{role_url[0]}{pk}{role_url[2]}" if manageable else "",
                f"{remove_url[0]}{pk}{remove_url[2]}" if manageable else "",
            )
        )
    context = {
        "rows": rows,
        "can_manage": can_manage,
        "role_choices": grantable_roles(membership.role),
    }
    return _render_team_page(request, "quickscale_teams/members.html", context)


def _member(request: HttpRequest, pk: int) -> Membership:
    team = team_membership(request).team
    return get_object_or_404(Membership.objects.select_related("team", "user"), pk=pk, team=team)


@team_admin_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    target = _member(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
    else:
        role = form.cleaned_data["role"]
        _run(
            request,
            lambda: services.change_role(membership=target, by=request.user, role=role),
            _("%(who)s is now %(role)s.") % {"who": _who(target), "role": roles.role_label(role)},
        )
    return redirect(_team_url("members", request))


@team_admin_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    target = _member(request, pk)
    who = _who(target)
    if not is_confirmed(request):
        team = team_membership(request).team
        return confirmation_page(
            request,
            title=_("Remove %(who)s from %(team)s?") % {"who": who, "team": team.name},
            message=_("They lose access to the team at once. You can invite them again later."),
            action_label=_("Remove member"),
            cancel_url=_team_url("members", request),
        )
    _run(
        request,
        lambda: services.remove_member(membership=target, by=request.user),
        _("%(who)s was removed.") % {"who": who},
    )
    return redirect(_team_url("members", request))


@team_member_required(permission="manage_invitations")
def team_invitations(request: HttpRequest, slug: str) -> HttpResponse:
    membership = team_membership(request)
    team = membership.team
    form = InvitationForm(request.POST or None, grantable=grantable_roles(membership.role))
    if request.method == "POST" and form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        if _run(
            request,
            lambda: services.invite(team=team, invited_by=request.user, email=email, role=role, request=request),
            _("Invitation sent to %(email)s.") % {"email": email},
        ):
            return redirect(_team_url("invitations", request))
    context = {"form": form, "invitations": selectors.pending_invitations_list(team)}
    return _render_team_page(request, "quickscale_teams/invitations.html", context)


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    return get_object_or_404(Invitation.objects.select_related("team"), pk=pk, team=team_membership(request).team)


@team_member_required(permission="manage_invitations")
@require_POST
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    _run(
        request,
        lambda: services.resend_invitation(invitation=invitation, by=request.user, request=request),
        _("Invitation sent again to %(email)s.") % {"email": invitation.email},
    )
    return redirect(_team_url("invitations", request))


@team_member_required(permission="manage_invitations")
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=_("Revoke the invitation of %(email)s?") % {"email": invitation.email},
            message=_("The link in their email stops working. You can invite them again later."),
            action_label=_("Revoke invitation"),
            cancel_url=_team_url("invitations", request),
        )
    _run(
        request,
        lambda: services.revoke_invitation(invitation=invitation, by=request.user),
        _("Invitation of %(email)s revoked.") % {"email": invitation.email},
    )
    return redirect(_team_url("invitations", request))


def _login_links(request: HttpRequest) -> dict[str, str | None]:
    query = urlencode({"next": request.get_full_path()})
    login = resolve_url(settings.LOGIN_URL)
    try:
        signup: str | None = reverse("account_signup")
    except NoReverseMatch:
        signup = None
    return {"login_url": f"{login}?{query}", "signup_url": f"{signup}?{query}" if signup else None}


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: log in or sign up first if needed, then accept."""
    invitation = selectors.invitation_by_token(token)
    context: dict[str, Any] = {"invitation": invitation, "token": token}
    if not request.user.is_authenticated:
        if invitation is not None and invitation.is_pending:
            # Accepted right after login or signup (receivers.accept_pending_invitation).
            request.session[SESSION_TOKEN_KEY] = token
        context.update(_login_links(request))
        return render(request, "quickscale_teams/accept.html", context, status=200 if invitation else 404)
    already_member = (
        invitation is not None
        and (request.method == "POST" or invitation.accepted_by_id == request.user.pk)
        and Membership.objects.filter(team=invitation.team, user=request.user).exists()
    )
    if already_member and invitation is not None:
        return redirect("quickscale_teams:detail", slug=invitation.team.slug)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except TeamError as error:
            context["error"] = str(error)
            return render(request, "quickscale_teams/accept.html", context, status=400)
        request.session.pop(SESSION_TOKEN_KEY, None)
        messages.success(request, _("You joined %(team)s.") % {"team": membership.team.name})
        return redirect(get_adapter().get_team_url(request, membership.team))
    if invitation is None:
        context["error"] = str(services.INVALID_LINK_MESSAGE)
        return render(request, "quickscale_teams/accept.html", context, status=404)
    return render(request, "quickscale_teams/accept.html", context)
