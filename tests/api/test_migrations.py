"""The Alembic migrations create exactly the schema the code declares, and can be undone."""

from __future__ import annotations

import uuid

import psycopg
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from api.db import make_engine
from api.projections import PROJECTIONS
from api.tables import metadata
from innocycle.devstack.postgres import PostgresCluster
from innocycle.migrate import alembic_config, upgrade
from tests.support.stack import migrated_database


def test_migrations_match_the_declared_schema_and_downgrade(pg_cluster: PostgresCluster) -> None:
    url = migrated_database(pg_cluster, "innocycle_migrations")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
        assert differences == []
        command.downgrade(alembic_config(url), "base")
        with engine.connect() as conn:
            assert len(compare_metadata(MigrationContext.configure(conn), metadata)) >= len(metadata.tables)
        upgrade(url)  # and up again from nothing
    finally:
        engine.dispose()


async def test_people_kept_as_rows_get_their_events_and_a_rebuild_keeps_them(pg_cluster: PostgresCluster) -> None:
    """An installation from before people were events: its users, grants and substitutions get the events that tell
    them, their password hashes move to ``credentials``, and a rebuild of the projections gives the same rows."""
    pg_cluster.create_database("innocycle_people_rows")
    url = pg_cluster.url("innocycle_people_rows")
    command.upgrade(alembic_config(url), "0006")
    admin, curator, gone = (str(uuid.uuid4()) for _ in range(3))
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        for user_id, login, active in ((admin, "admin", True), (curator, "curator", True), (gone, "gone", False)):
            conn.execute(
                "INSERT INTO users (id, login, full_name, position, password_hash, active)"
                " VALUES (%s, %s, %s, 'должность', %s, %s)",
                (user_id, login, f"Фамилия {login}", f"hash-of-{login}", active),
            )
        conn.execute("INSERT INTO audit_log (kind, login, user_id) VALUES ('user_created', 'curator', %s)", (curator,))
        conn.execute(
            "INSERT INTO grants (user_id, role, scope_kind, scope_id) VALUES (%s, 'admin', 'global', '')", (admin,)
        )
        conn.execute(
            "INSERT INTO grants (user_id, role, scope_kind, scope_id, acting, valid_from, valid_until, granted_by)"
            " VALUES (%s, 'curator', 'direction', '1.1.5', true, '2027-01-01', '2027-12-31', %s)",
            (curator, admin),
        )
        for cancelled_at in (None, "2026-12-01T10:00:00+05"):
            conn.execute(
                "INSERT INTO substitutions (substitution_id, absent_user_id, substitute_user_id, starts_on, ends_on,"
                " reason, created_by, cancelled_at) VALUES (%s, %s, %s, '2027-02-01', '2027-02-14', 'отпуск', %s, %s)",
                (str(uuid.uuid4()), curator, admin, curator, cancelled_at),
            )
        people = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall()
            for table, key in (("users", "id"), ("grants", "grant_id"), ("substitutions", "substitution_id"))
        }

        upgrade(url)
        streams = conn.execute(
            "SELECT stream_id, array_agg(event_type ORDER BY stream_version) FROM events GROUP BY stream_id"
        ).fetchall()
        by_stream = dict(streams)
        assert by_stream[f"user:{admin}"] == ["UserRegistered", "GrantGiven"]
        assert by_stream[f"user:{curator}"] == ["UserRegistered", "GrantGiven"]
        assert by_stream[f"user:{gone}"] == ["UserRegistered", "UserDeactivated"]
        substitution_streams = [events for stream, events in streams if stream.startswith("substitution:")]
        assert sorted(substitution_streams) == [
            ["SubstitutionArranged"],
            ["SubstitutionArranged", "SubstitutionCancelled"],
        ]
        assert not conn.execute("SELECT 1 FROM events WHERE data::text LIKE %s", ("%hash-of%",)).fetchall()
        hashes = conn.execute("SELECT user_id::text, password_hash FROM credentials").fetchall()
        assert dict(hashes) == {admin: "hash-of-admin", curator: "hash-of-curator", gone: "hash-of-gone"}

        engine = make_engine(url)
        try:
            assert await PROJECTIONS.rebuild(engine) == 9
        finally:
            await engine.dispose()
        for table, rows in people.items():
            key = "id" if table == "users" else f"{table.rstrip('s')}_id"
            assert conn.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall() == rows, table

        # An upgrade after a downgrade writes no events twice.
        command.downgrade(alembic_config(url), "0006")
        upgrade(url)
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (9,)
