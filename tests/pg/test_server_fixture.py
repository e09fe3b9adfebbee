"""The throwaway PostgreSQL server the team-mode tests run against."""

from __future__ import annotations

import psycopg


def test_the_throwaway_server_answers_and_keeps_databases_apart(pg_server, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    other = pg_server.create_database()
    try:
        with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql")) as conn:
            conn.execute("CREATE TABLE marker (x int)")
        with psycopg.connect(other.replace("postgresql+psycopg", "postgresql")) as conn:
            tables = conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'").fetchone()
        assert tables == (0,)
    finally:
        pg_server.drop_database(other)
