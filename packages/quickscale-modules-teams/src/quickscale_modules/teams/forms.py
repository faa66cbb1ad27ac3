"""Forms of the team pages; they only validate input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quickscale_modules.teams import roles
from quickscale_modules.teams.app_settings import app_settings
from quickscale_modules.teams.models import Membership


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, grantable: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["role"]
        field.choices = grantable if grantable is not None else roles.role_choices()
        field.initial = app_settings.DEFAULT_ROLE


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["role"]
        field.choices = roles.role_choices()


class TransferForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("New owner"), queryset=Membership.objects.none())

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["membership"]
        field.queryset = (
            Membership.objects.filter(team_id=membership.team_id).exclude(pk=membership.pk).select_related("user")
        )
        field.label_from_instance = lambda m: str(getattr(m.user, "email", "") or m.user)


def grantable_roles(role: str) -> list[tuple[str, str]]:
    """The roles a member with ``role`` may give: their own and those below."""
    return [(name, label) for name, label in roles.role_choices() if roles.outranks_or_equals(role, name)]
