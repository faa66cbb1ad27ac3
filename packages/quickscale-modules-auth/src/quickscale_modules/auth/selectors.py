"""Reads about a user's account: what pages, the API and services show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from quickscale_core.prepared import PreparedQuery
from quickscale_core.signals import user_deletion_blockers

#: Authenticator types that count as a second factor (recovery codes only back one up).
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


@dataclass(frozen=True)
class MFAStatus:
    enabled: bool
    totp: bool
    webauthn_keys: int
    recovery_codes_left: int | None  # None when the user has no recovery codes
    types: list[str] = field(default_factory=list)


def has_second_factor(user: Any) -> bool:
    return bool(Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES).exists())


#: The pages' reads of a user's rows, their SQL built once (quickscale_core.prepared).
_authenticators = PreparedQuery(lambda user_id: Authenticator.objects.filter(user_id=user_id).order_by("pk"))
_addresses_for_profile = PreparedQuery(
    lambda user_id: EmailAddress.objects.filter(user_id=user_id).order_by("-primary", "email")
)
_addresses_by_email = PreparedQuery(lambda user_id: EmailAddress.objects.filter(user_id=user_id).order_by("email"))
_social_accounts = PreparedQuery(
    lambda user_id: SocialAccount.objects.filter(user_id=user_id).order_by("provider", "uid")
)


def authenticators(user: Any) -> list[Authenticator]:
    """The user's authenticators (TOTP, recovery codes, security keys), oldest first."""
    return _authenticators(user.pk)


def mfa_status(user: Any) -> MFAStatus:
    authenticators = _authenticators(user.pk)
    types = sorted({str(a.type) for a in authenticators})
    recovery_codes_left: int | None = None
    for authenticator in authenticators:
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            recovery_codes_left = len(authenticator.wrap().get_unused_codes())
    return MFAStatus(
        enabled=any(a.type in SECOND_FACTOR_TYPES for a in authenticators),
        totp=any(a.type == Authenticator.Type.TOTP for a in authenticators),
        webauthn_keys=sum(1 for a in authenticators if a.type == Authenticator.Type.WEBAUTHN),
        recovery_codes_left=recovery_codes_left,
        types=types,
    )


def email_addresses(user: Any) -> list[EmailAddress]:
    return _addresses_for_profile(user.pk)


def email_addresses_by_email(user: Any) -> list[EmailAddress]:
    """The user's addresses as allauth's email page lists them (views.EmailView reads its whole context from it)."""
    return _addresses_by_email(user.pk)


def social_accounts(user: Any) -> list[SocialAccount]:
    return _social_accounts(user.pk)


def provider_name(provider_id: str) -> str:
    """The human name of a social provider ("GitHub"), even when it is no longer configured."""
    from allauth.socialaccount.providers import registry

    provider_class = registry.get_class(provider_id)
    return str(provider_class.name) if provider_class else provider_id


def is_email_verified(user: Any) -> bool:
    return bool(EmailAddress.objects.filter(user_id=user.pk, email__iexact=user.email, verified=True).exists())


def deletion_blockers(user: Any) -> list[str]:
    """Every reason another module gives (``user_deletion_blockers``) not to delete ``user`` now."""
    reasons: list[str] = []
    for _receiver, response in user_deletion_blockers.send(sender=type(user), user=user):
        reasons.extend(str(reason) for reason in response or [])
    return reasons
