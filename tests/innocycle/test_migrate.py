"""`innocycle migrate` on a database that already holds events: a migration may add a projection (created empty) or
a column of one, so after a schema change the projections are rebuilt from the log — an upgraded installation's
inboxes are not empty."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import psycopg
from alembic import command
from psycopg.types.json import Jsonb

from innocycle.devstack.postgres import PostgresCluster
from innocycle.migrate import alembic_config
from tests.support.client import Api
from tests.support.stack import Stack

SITE, YEAR = "1.1.11", 2036
TASK_COLUMNS = "task_id, kind, state, candidate_roles, title, due_effective"


def _cli(step: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "innocycle.cli", step], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def _tasks(conn: Any) -> list[tuple[Any, ...]]:
    query = f"SELECT {TASK_COLUMNS} FROM tasks WHERE site_id = %s AND year = %s ORDER BY task_id"
    return conn.execute(query, (SITE, YEAR)).fetchall()


def test_a_schema_change_rebuilds_the_projections_from_the_log(
    api: Api, dev_stack: Stack, pg_cluster: PostgresCluster
) -> None:
    # A cycle whose package was sent: its tasks are a review for the curator and the rest to submit.
    assert api.open_cycle(SITE, YEAR).status_code == 201
    dev_stack.wait_until_quiet()
    items = api.upload_package(SITE, YEAR, f"director.{SITE}")
    assert api.submit(SITE, YEAR, f"director.{SITE}", items).status_code == 200
    expected = _tasks(dev_stack.db)
    assert any(kind == "review" and state == "open" for _, kind, state, *_ in expected)

    # The same events in an installation one revision behind, whose projections know nothing of them yet.
    url = pg_cluster.url("innocycle_upgraded")
    pg_cluster.create_database("innocycle_upgraded")
    env = {**dev_stack.env, "INNOCYCLE_DATABASE_URL": url}
    _cli("migrate", env)
    _cli("seed", env)
    rows = dev_stack.query(
        "SELECT stream_id, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at "
        "FROM events WHERE stream_id LIKE %s ORDER BY global_position",
        f"cycle:{SITE}:{YEAR}%",
    )
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, "
                "metadata, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [(*row[:5], Jsonb(row[5]), Jsonb(row[6]), row[7]) for row in rows],
            )
        command.downgrade(alembic_config(url), "-1")

        assert "projections rebuilt from" in _cli("migrate", env)
        assert _tasks(conn) == expected
        # Nothing to apply, nothing to rebuild.
        assert _cli("migrate", env).strip() == "migrations applied"
