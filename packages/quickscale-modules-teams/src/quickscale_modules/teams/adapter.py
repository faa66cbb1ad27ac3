"""The teams adapter: the one class a project subclasses to change how teams behave (allauth's manner).

Point ``QUICKSCALE_TEAMS_ADAPTER`` at a subclass of :class:`TeamsAdapter`; the services, views and
the owner provider call :func:`get_adapter` instead of hard-coding the behaviour::

    # myproject/teams.py
    class TeamsAdapter(quickscale_modules.teams.adapter.TeamsAdapter):
        def format_invitation_subject(self, subject: str) -> str:
            return f"[Acme] {subject}"

    # settings.py
    QUICKSCALE_TEAMS_ADAPTER = "myproject.teams.TeamsAdapter"

The ``quickscale_teams.E010`` check reports a setting that does not import such a subclass.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quickscale_core.mail import send_later
from quickscale_modules.teams import roles
from quickscale_modules.teams.app_settings import app_settings
from quickscale_modules.teams.models import Invitation, Team

#: Longest slug the adapter's base may give: room for the "-<6 hex>" a taken slug gets (SlugField of 120).
MAX_BASE_SLUG_LENGTH = 100


class TeamsAdapter:
    """Invitation email, slug rules, personal teams, who manages billing, where pages send the user."""

    # -- invitation email ------------------------------------------------------------------------

    subject_template = "quickscale_teams/email/invitation_subject.txt"
    text_template = "quickscale_teams/email/invitation_message.txt"
    html_template = "quickscale_teams/email/invitation_message.html"

    def invitation_url(self, token: str, request: HttpRequest | None = None) -> str:
        """The absolute link of the accept page: the request's host, else ``QUICKSCALE_TEAMS_SITE_URL``.

        The page is the module's own, or ``QUICKSCALE_TEAMS_ACCEPT_URL`` (a single-page app's route).
        """
        template = app_settings.ACCEPT_URL
        path = (
            template.replace("{token}", quote(token, safe=""))
            if template
            else reverse("quickscale_teams:accept", kwargs={"token": token})
        )
        if request is not None:
            return request.build_absolute_uri(path)
        return app_settings.SITE_URL + path

    def invitation_email_context(self, invitation: Invitation, accept_url: str) -> dict[str, Any]:
        """What the three invitation templates see."""
        return {
            "invitation": invitation,
            "team": invitation.team,
            "inviter": invitation.invited_by,
            "accept_url": accept_url,
            "role": invitation.role_label,
            "expires": invitation.expires,
        }

    def format_invitation_subject(self, subject: str) -> str:
        """The rendered subject on one line; override to add a prefix or change the wording."""
        return " ".join(subject.split())

    def invitation_recipients(self, invitation: Invitation) -> list[str]:
        """Who receives the invitation: the invited address (add a copy to an audit mailbox here)."""
        return [invitation.email]

    def render_invitation_email(self, invitation: Invitation, accept_url: str) -> EmailMultiAlternatives:
        """The invitation as a text email with an HTML alternative, not sent yet."""
        context = self.invitation_email_context(invitation, accept_url)
        subject = self.format_invitation_subject(render_to_string(self.subject_template, context))
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(self.text_template, context),
            to=self.invitation_recipients(invitation),
        )
        message.attach_alternative(render_to_string(self.html_template, context), "text/html")
        return message

    def send_invitation_email(
        self, invitation: Invitation, accept_url: str, request: HttpRequest | None = None
    ) -> None:
        """Render the invitation now; a worker sends it once the transaction that saved it commits.

        A mail server that refuses is retried with backoff (quickscale_core.mail.send_later); the
        invitation exists either way and can be resent from the team page.
        """
        send_later(self.render_invitation_email(invitation, accept_url))

    # -- slugs -----------------------------------------------------------------------------------

    def slugify_team_name(self, name: str) -> str:
        """The slug a team named ``name`` asks for (a random suffix is added when it is taken or refused).

        It must match Django's ``slug`` path converter (letters, digits, ``-``, ``_``).
        """
        return slugify(name)[:MAX_BASE_SLUG_LENGTH] or "team"

    def is_slug_allowed(self, slug: str) -> bool:
        """Whether a team may have this slug, beyond the ones the team URLs use (always refused).

        Override to keep brand names or offensive words out of URLs; a refused slug gets a suffix.
        """
        return True

    # -- teams -----------------------------------------------------------------------------------

    def personal_team_name(self, user: Any) -> str:
        """The name of the team created for a new user (``QUICKSCALE_TEAMS_PERSONAL_TEAM``)."""
        first = str(getattr(user, "first_name", "") or "").strip()
        email = str(getattr(user, "email", "") or "")
        who = first or (email.split("@")[0] if email else str(user))
        return _("%(name)s's team") % {"name": who}

    def can_manage_billing(self, user: Any, team: Team) -> bool:
        """Whether ``user`` may buy or change the team's subscription (asked by billing, through core).

        By default the roles granting ``change_team`` (owner and admin).
        """
        return bool(user.has_perm(roles.full_permission("change_team"), team))

    # -- pages -----------------------------------------------------------------------------------

    def get_team_url(self, request: HttpRequest, team: Team) -> str:
        """Where the user goes after creating or joining ``team``."""
        return reverse("quickscale_teams:detail", kwargs={"slug": team.slug})

    def get_teams_url(self, request: HttpRequest) -> str:
        """Where the user goes after leaving or deleting a team."""
        return reverse("quickscale_teams:list")


def get_adapter() -> TeamsAdapter:
    """An instance of the adapter class named by ``QUICKSCALE_TEAMS_ADAPTER``."""
    adapter_class: type[TeamsAdapter] = import_string(app_settings.ADAPTER)
    return adapter_class()
