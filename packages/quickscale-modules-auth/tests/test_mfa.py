"""MFA through allauth's pages: enable TOTP, log in with TOTP, with a recovery code (single use)."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.urls import reverse

from tests.conftest import login, reauthenticate

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def enable_totp(client: Client) -> str:
    """Activate TOTP for the signed-in user; returns the secret."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302:  # allauth asks for the password again first
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        reauthenticate(client)
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert b'<label for="id_code"' in response.content
    assert b"data:image/svg+xml;base64," in response.content  # the QR code, inline
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    return str(secret)


def recovery_codes(user: Any) -> list[str]:
    codes: list[str] = (
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    )
    return codes


@pytest.mark.django_db(transaction=True)  # allauth sends the notice on commit, inside the request
def test_enable_totp_then_log_in_with_totp(client: Client, verified_user: Any, outbox: list[Any]) -> None:
    login(client, verified_user.email)
    secret = enable_totp(client)
    assert set(Authenticator.objects.filter(user=verified_user).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }
    notice = next(m for m in outbox if "Authenticator app activated" in str(m.body))
    assert "Authenticator app activated" in notice.alternatives[0][0]
    profile = client.get(reverse("quickscale_auth:profile"))
    assert b'<span class="badge badge-success">On</span> Authenticator app' in profile.content

    client.post(reverse("account_logout"))
    response = login(client, verified_user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    assert b'<label for="id_code"' in page.content

    response = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_recovery_code_logs_in_once(client: Client, verified_user: Any) -> None:
    login(client, verified_user.email)
    enable_totp(client)
    codes = recovery_codes(verified_user)
    assert len(codes) == 10

    client.post(reverse("account_logout"))
    login(client, verified_user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response["Location"] == "/dashboard/"
    assert codes[0] not in recovery_codes(verified_user)

    client.post(reverse("account_logout"))
    login(client, verified_user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200  # used: refused
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert response["Location"] == "/dashboard/"


def test_mfa_pages_render_in_base_html(client: Client, verified_user: Any) -> None:
    client.force_login(verified_user)
    reauthenticate(client)
    for name in ("mfa_index", "mfa_add_webauthn", "mfa_activate_totp"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert '<main id="main"' in html, name
    assert b"Security Keys" in client.get(reverse("mfa_index")).content
