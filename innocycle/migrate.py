"""Database migrations (Alembic), run programmatically so no alembic.ini has to sit next to the caller."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import migrations


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def current_revision(database_url: str) -> str | None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def upgrade_changed(database_url: str) -> bool:
    """Upgrade to the newest revision; True when a database that already had a schema got a new revision (its
    projections, derived from the log, may then lack what the new schema adds)."""
    before = current_revision(database_url)
    upgrade(database_url)
    return before is not None and current_revision(database_url) != before
