"""The pages' selectors with prepared SQL (quickscale_core.prepared) answer as their querysets do,
on SQLite and (marked ``postgres``) on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from quickscale_modules.teams import selectors, services
from quickscale_modules.teams.models import Team
from tests.conftest import add_member, make_user


def fields(obj: Any) -> dict[str, Any]:
    return {name: value for name, value in vars(obj).items() if not name.startswith("_")}


def compare(owner: Any, team: Team) -> None:
    other = services.create_team(owner=owner, name="Other")
    for n in range(3):
        add_member(team, f"m{n}@example.com")
    services.invite(team=team, invited_by=owner, email="new@example.com", role="member")

    ours = selectors.memberships_of_user_list(owner)
    theirs = list(selectors.memberships_of_user(owner))
    assert [fields(m) for m in ours] == [fields(m) for m in theirs]
    assert [(m.team.name, m.member_count) for m in ours] == [("Acme", 4), ("Other", 1)]
    assert [fields(m.team) for m in ours] == [fields(m.team) for m in theirs]

    members = selectors.members_list(team)
    assert [fields(m) for m in members] == [fields(m) for m in selectors.members_of(team)]
    assert [fields(m.user) for m in members] == [fields(m.user) for m in selectors.members_of(team)]

    invitations = selectors.pending_invitations_list(team)
    assert [fields(i) for i in invitations] == [fields(i) for i in selectors.pending_invitations_of(team)]
    assert [i.invited_by.pk for i in invitations] == [owner.pk]
    assert selectors.pending_invitations_list(other) == []

    assert selectors.count_memberships_of_user(owner) == selectors.memberships_of_user(owner).count() == 2
    for offset, limit in ((0, 1), (1, 1), (0, 20), (2, 5)):
        page = selectors.memberships_of_user_page(owner, offset, limit)
        assert [fields(m) for m in page] == [fields(m) for m in theirs[offset : offset + limit]]

    membership = selectors.membership_for(user=owner, slug=team.slug)
    assert membership is not None
    assert membership.team.slug == team.slug
    assert selectors.membership_for(user=owner, slug="no-such-team") is None
    assert selectors.membership_for(user=make_user("stranger@example.com"), slug=team.slug) is None


@pytest.mark.django_db
def test_prepared_selectors_are_their_querysets(owner: Any, team: Team) -> None:
    compare(owner, team)


@pytest.mark.postgres
@pytest.mark.django_db
def test_prepared_selectors_are_their_querysets_on_postgresql(owner: Any, team: Team) -> None:
    compare(owner, team)


@pytest.mark.django_db
def test_the_api_list_of_a_user_in_no_team(client: Any) -> None:
    """The prepared count and page of an empty list: 200 and no rows (a 500 before the empty-page guard)."""
    client.force_login(make_user("loner@example.com"))
    response = client.get("/api/teams/")
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []
    assert selectors.memberships_of_user_page(make_user("other@example.com"), 0, 0) == []
