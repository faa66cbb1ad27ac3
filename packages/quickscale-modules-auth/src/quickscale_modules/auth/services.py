"""Writes on a user's account: the one place views, the API and the admin call.

Deletion policy (``QUICKSCALE_AUTH_DELETION_POLICY``), the same for every caller:

* first every ``user_deletion_blockers`` receiver is asked; any reason refuses
  the deletion (:class:`AccountDeletionBlockedError`), nothing is changed;
* then, in one transaction, ``user_deleting`` is sent (modules delete or
  anonymise their own rows) and
* ``"delete"`` (default): the user row is deleted, and with it by cascade its
  email addresses, social accounts and tokens, MFA authenticators, group and
  permission links and admin log entries;
* ``"anonymise"``: the row is kept (so rows of other modules that must survive
  still point at it) but scrubbed: email ``deleted-<id>@deleted.invalid``, empty
  names, unusable password, inactive, no staff/superuser flag, no groups or
  permissions; email addresses, social accounts, tokens and authenticators
  are deleted.
"""

from __future__ import annotations

from typing import Any, cast

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.db import router, transaction
from django.utils import timezone

from quickscale_core.signals import user_data_export, user_deleting
from quickscale_modules.auth.app_settings import app_settings
from quickscale_modules.auth.selectors import deletion_blockers, email_addresses, social_accounts

EXPORT_FORMAT = "quickscale-user-export"
EXPORT_VERSION = 1


class AccountDeletionBlockedError(Exception):
    """Another module refuses the deletion; ``reasons`` says why, one line each."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def mark_email_verified(user: Any) -> EmailAddress:
    """Record ``user.email`` as the user's verified, primary address, so allauth lets them sign in at once.

    For accounts made by an operator, not by signup: superusers (``createsuperuser``)
    and the demo logins. Another primary address of the user stops being primary.
    """
    addresses = EmailAddress.objects.db_manager(router.db_for_write(EmailAddress, instance=user))
    addresses.filter(user=user, primary=True).exclude(email=user.email).update(primary=False)
    address, _ = addresses.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return address


def update_profile(user: Any, *, first_name: str | None = None, last_name: str | None = None) -> Any:
    """Change the user's name; only the fields given are written."""
    changed: list[str] = []
    if first_name is not None:
        user.first_name = first_name.strip()
        changed.append("first_name")
    if last_name is not None:
        user.last_name = last_name.strip()
        changed.append("last_name")
    if changed:
        user.save(update_fields=changed)
    return user


def delete_account(user: Any) -> None:
    """Delete or anonymise ``user`` per the policy above; raises AccountDeletionBlockedError."""
    reasons = deletion_blockers(user)
    if reasons:
        raise AccountDeletionBlockedError(reasons)
    with transaction.atomic():
        user_deleting.send(sender=type(user), user=user)
        if app_settings.DELETION_POLICY == "anonymise":
            anonymise_user(user)
        else:
            user.delete()


def anonymise_user(user: Any) -> None:
    """Scrub personal data from ``user`` and keep the row (the ``"anonymise"`` policy)."""
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()  # tokens go by cascade
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()


def export_user_data(user: Any) -> dict[str, Any]:
    """Everything QuickScale holds about ``user``, JSON-serialisable; secrets are never included.

    Other modules add sections through ``user_data_export`` receivers that
    return ``(section, data)``; a section may not reuse a name already present.
    """
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "user": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
        },
        "emails": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in email_addresses(user)
        ],
        "social_accounts": [
            {
                "provider": account.provider,
                "uid": account.uid,
                "date_joined": account.date_joined.isoformat(),
                "last_login": account.last_login.isoformat(),
                "extra_data": account.extra_data,
            }
            for account in social_accounts(user)
        ],
        "mfa": [
            {
                "type": str(authenticator.type),
                "created_at": authenticator.created_at.isoformat(),
                "last_used_at": authenticator.last_used_at.isoformat() if authenticator.last_used_at else None,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }
    for receiver, response in user_data_export.send(sender=type(user), user=user):
        if response is None:
            continue
        section, section_data = cast("tuple[str, Any]", response)
        if section in data:
            raise ValueError(f"user_data_export receiver {receiver!r} reuses the section name {section!r}.")
        data[section] = section_data
    return data
