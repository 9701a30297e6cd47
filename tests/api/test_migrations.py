"""The Alembic migrations create exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from api.tables import metadata
from innocycle.devstack.postgres import PostgresCluster
from innocycle.migrate import alembic_config, upgrade


def test_migrations_match_the_declared_schema_and_downgrade(pg_cluster: PostgresCluster) -> None:
    pg_cluster.create_database("innocycle_migrations")
    url = pg_cluster.url("innocycle_migrations")
    upgrade(url)
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
