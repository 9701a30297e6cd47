"""People as events: users, grants and substitutions are appended by the API (api/people/commands.py) and their
tables become a projection of the log, which a rebuild empties and replays. Password hashes, no business facts, are
kept in ``credentials`` (the users projection copies them from there); nothing refers to a user by a foreign key
any more but the people projections themselves; and every user, grant and substitution that exists as a row with
no events yet gets the events that tell it, so that a rebuild keeps them.

The events are written as the event types of this revision have them (schema version 1): a user's registration,
their grants in the order they were given and, for an account switched off, its deactivation, on ``user:{id}``;
each substitution's arrangement and cancellation on ``substitution:{id}``; users first, so that every grant and
substitution follows the users it names. Who registered a user, switched one off or cancelled a substitution was
not kept in the rows: those events name nobody (``by`` None).

Downgrading keeps the events (the log is never rewritten; the code of 0006 does not read these event types); an
upgrade after it writes events only for users and substitutions that still have none.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

METADATA = {"written_by": "migration 0007"}

events = sa.table(
    "events",
    sa.column("stream_id", sa.Text),
    sa.column("stream_version", sa.Integer),
    sa.column("event_id", UUID(as_uuid=False)),
    sa.column("event_type", sa.Text),
    sa.column("schema_version", sa.SmallInteger),
    sa.column("data", JSONB),
    sa.column("metadata", JSONB),
)


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("user_id", UUID(as_uuid=False), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
    )
    op.execute("INSERT INTO credentials (user_id, password_hash) SELECT id, password_hash FROM users")
    # A rebuild empties the users projection: nothing else may hold on to a user by a foreign key.
    op.drop_constraint("refresh_tokens_user_id_fkey", "refresh_tokens", type_="foreignkey")
    op.drop_constraint("files_uploaded_by_fkey", "files", type_="foreignkey")
    conn = op.get_bind()
    now = conn.execute(sa.text("SELECT now()")).scalar_one()
    _write_user_streams(conn, now)
    _write_substitution_streams(conn)


def downgrade() -> None:
    op.create_foreign_key("files_uploaded_by_fkey", "files", "users", ["uploaded_by"], ["id"])
    op.create_foreign_key(
        "refresh_tokens_user_id_fkey", "refresh_tokens", "users", ["user_id"], ["id"], ondelete="CASCADE"
    )
    op.drop_table("credentials")  # users.password_hash holds the same hashes


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _id(value: Any) -> str | None:
    return str(value) if value is not None else None


def _append(conn: sa.Connection, stream_id: str, stream: list[tuple[str, dict[str, Any]]]) -> None:
    conn.execute(
        events.insert(),
        [
            {
                "stream_id": stream_id,
                "stream_version": version,
                "event_id": str(uuid.uuid4()),
                "event_type": event_type,
                "schema_version": 1,
                "data": data,
                "metadata": METADATA,
            }
            for version, (event_type, data) in enumerate(stream, start=1)
        ],
    )


def _write_user_streams(conn: sa.Connection, now: datetime) -> None:
    users = conn.execute(
        sa.text(
            "SELECT u.id, u.login, u.full_name, u.position, u.active,"
            " (SELECT min(a.at) FROM audit_log a WHERE a.kind = 'user_created' AND a.user_id = u.id) AS created_at"
            " FROM users u WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = 'user:' || u.id::text)"
            " ORDER BY u.login"
        )
    ).all()
    for user in users:
        user_id = str(user.id)
        grants = conn.execute(
            sa.text("SELECT * FROM grants WHERE user_id = :user_id ORDER BY granted_at, grant_id"), {"user_id": user_id}
        ).all()
        # Rows keep no time of registration: the first trace of the account, or now.
        registered_at = min(t for t in (user.created_at, *(g.granted_at for g in grants), now) if t is not None)
        stream: list[tuple[str, dict[str, Any]]] = [
            (
                "UserRegistered",
                {
                    "occurred_at": _at(registered_at),
                    "user_id": user_id,
                    "login": user.login,
                    "full_name": user.full_name,
                    "position": user.position,
                    "by": None,
                },
            )
        ]
        for grant in grants:
            given = {
                "occurred_at": _at(grant.granted_at),
                "user_id": user_id,
                "grant_id": str(grant.grant_id),
                "role": grant.role,
                "scope_kind": grant.scope_kind,
                "scope_id": grant.scope_id,
                "acting": grant.acting,
                "valid_from": _day(grant.valid_from),
                "valid_until": _day(grant.valid_until),
                "by": _id(grant.granted_by),
            }
            stream.append(("GrantGiven", given))
        if not user.active:
            stream.append(("UserDeactivated", {"occurred_at": _at(now), "user_id": user_id, "by": None}))
        _append(conn, f"user:{user_id}", stream)


def _write_substitution_streams(conn: sa.Connection) -> None:
    substitutions = conn.execute(
        sa.text(
            "SELECT * FROM substitutions s WHERE NOT EXISTS"
            " (SELECT 1 FROM events e WHERE e.stream_id = 'substitution:' || s.substitution_id::text)"
            " ORDER BY created_at, substitution_id"
        )
    ).all()
    for row in substitutions:
        substitution_id = str(row.substitution_id)
        arranged = {
            "occurred_at": _at(row.created_at),
            "substitution_id": substitution_id,
            "absent_user_id": str(row.absent_user_id),
            "substitute_user_id": str(row.substitute_user_id),
            "starts_on": _day(row.starts_on),
            "ends_on": _day(row.ends_on),
            "reason": row.reason,
            "by": str(row.created_by),
        }
        stream: list[tuple[str, dict[str, Any]]] = [("SubstitutionArranged", arranged)]
        if row.cancelled_at is not None:
            cancelled = {
                "occurred_at": _at(row.cancelled_at),
                "substitution_id": substitution_id,
                "absent_user_id": str(row.absent_user_id),
                "by": None,
            }
            stream.append(("SubstitutionCancelled", cancelled))
        _append(conn, f"substitution:{substitution_id}", stream)
