"""quickscale_core.testing.postgres: the throwaway server the modules' PostgreSQL test variants use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quickscale_core.testing import postgres


def test_missing_binaries_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QS_PG_BIN", str(tmp_path))

    reason = postgres.missing_reason()

    assert reason is not None
    assert f"PostgreSQL binaries not found in {tmp_path}" in reason


class Item:
    def __init__(self) -> None:
        self.markers: list[Any] = []

    def add_marker(self, marker: Any) -> None:
        self.markers.append(marker)


def test_skip_or_fail_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QS_REQUIRE_POSTGRES", raising=False)
    items = [Item(), Item()]

    postgres.skip_or_fail(items, "no server here")  # type: ignore[arg-type]

    assert [item.markers[0].kwargs["reason"] for item in items] == ["no server here"] * 2


def test_skip_or_fail_stops_the_run_where_postgres_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QS_REQUIRE_POSTGRES", "1")

    with pytest.raises(pytest.UsageError, match="QS_REQUIRE_POSTGRES is set: no server here"):
        postgres.skip_or_fail([Item()], "no server here")  # type: ignore[list-item]


def test_a_server_starts_and_answers() -> None:
    reason = postgres.missing_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    database = postgres.start_server("coretest")

    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname="postgres"
    ) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    assert database["TEST"] == {"NAME": "test_coretest"}
