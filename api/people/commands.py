"""Registering and changing users, giving and withdrawing their grants, arranging and cancelling substitutions
(замещения): decided by the domain (``domain.people``) and appended here — the API's own write path, as no workflow
owns a person. A user's registration, changes and grants go to ``user:{id}``, a substitution to
``substitution:{id}`` (why, in ``domain.people``); the people projection (``projection.py``) follows in the same
transaction.

What the routes check before a command, because it needs the database: that the login is free, that a grant's scope
and a substitution's users exist. What goes with a command but is no event is written in its transaction
(``EventLog.append``'s ``alongside``): the password hash, kept in ``credentials``, and the entry of the audit log that
the administrator's audit page lists.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.routes import audit
from api.eventlog.log import Alongside, EventLog
from api.eventlog.store import StreamConflict, stream_version
from api.people.segregation import all_sites, held_grants, own_grants, substituted
from api.tables import credentials, grants, substitutions, users
from api.today import service_today
from domain.access import HeldGrant, check_segregation
from domain.common import DomainError, DomainEvent
from domain.eventlog import new_event
from domain.people import (
    Grant,
    GrantTerms,
    SubstitutionState,
    UserChanged,
    UserDeactivated,
    UserReactivated,
    UserState,
    arrange_substitution,
    cancel_substitution,
    change_user,
    give_grant,
    register_user,
    substitution_stream,
    user_stream,
    withdraw_grant,
)

ATTEMPTS = 3  # a stream another writer moved meanwhile is read and decided again, this many times at most


@dataclass(frozen=True)
class Editor:
    """Who makes a change, and from where: the events name ``user_id``; the audit log names ``login`` and ``ip``.
    ``SYSTEM`` (the demo data) is nobody and leaves no audit entry."""

    user_id: str | None
    login: str | None
    ip: str = ""


SYSTEM = Editor(user_id=None, login=None)


@dataclass(frozen=True)
class Person:
    user_id: str
    login: str


class LoginTaken(Exception):
    """Another account got the login between the route's check and the registration."""


# A decision read from the database: the events (none when nothing changes), and what to write with them.
Decision = tuple[Sequence[DomainEvent], Alongside | None]


async def _append(eventlog: EventLog, stream_id: str, decide: Callable[[AsyncConnection], Awaitable[Decision]]) -> None:
    """Decide on what the database holds and append after the stream's version; decided again when another writer
    moved the stream meanwhile. With no events, only what goes with them is written."""
    for _ in range(ATTEMPTS):
        async with eventlog.engine.connect() as conn:
            # The version first: whatever commits after it makes the append conflict, so the state read next is
            # never older than the version the append expects.
            version = await stream_version(conn, stream_id)
            decided, alongside = await decide(conn)
        if not decided:
            if alongside is not None:
                async with eventlog.engine.begin() as conn:
                    await alongside(conn)
            return
        try:
            await eventlog.append(stream_id, version, [new_event(e, str(uuid.uuid4()), {}) for e in decided], alongside)
        except StreamConflict:
            continue
        return
    raise RuntimeError(f"{stream_id} kept changing under the command; try again")


def _audited(editor: Editor, kind: str, login: str | None, user_id: str, **detail: Any) -> Alongside | None:
    if editor.login is None:
        return None

    async def write(conn: AsyncConnection) -> None:
        await audit(conn, kind, login, user_id, editor.ip, by=editor.login, **detail)

    return write


def _together(*writes: Alongside | None) -> Alongside | None:
    present = [write for write in writes if write is not None]
    if not present:
        return None

    async def write_all(conn: AsyncConnection) -> None:
        for write in present:
            await write(conn)

    return write_all


def _password(user_id: str, password_hash: str | None) -> Alongside | None:
    """Keep the hash in ``credentials`` and in the users row, the copy signing in reads (a user registered in this
    transaction has no row yet: the projection copies it from ``credentials``)."""
    if password_hash is None:
        return None

    async def write(conn: AsyncConnection) -> None:
        await conn.execute(
            insert(credentials)
            .values(user_id=user_id, password_hash=password_hash)
            .on_conflict_do_update(index_elements=["user_id"], set_={"password_hash": password_hash})
        )
        await conn.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))

    return write


async def _user_state(conn: AsyncConnection, user_id: str) -> tuple[UserState, str]:
    """The user as the rules need them, and their login."""
    row = (await conn.execute(select(users).where(users.c.id == user_id))).one_or_none()
    if row is None:
        raise DomainError("user_not_found", "Пользователь не найден.")
    grant_ids = (await conn.execute(select(grants.c.grant_id).where(grants.c.user_id == user_id))).scalars()
    state = UserState(
        user_id=str(row.id),
        full_name=row.full_name,
        position=row.position,
        active=row.active,
        grant_ids=frozenset(str(grant_id) for grant_id in grant_ids),
    )
    return state, row.login


# --- users and their grants -------------------------------------------------------------------------------------


async def register(
    eventlog: EventLog,
    editor: Editor,
    *,
    login: str,
    full_name: str,
    position: str,
    password_hash: str,
    grants_given: Sequence[GrantTerms] = (),
) -> str:
    """A new account with its password and, when given, its grants, in one append; its id. ``LoginTaken`` when
    another account took the login meanwhile."""
    user_id, now = str(uuid.uuid4()), datetime.now(UTC)
    registered = register_user(user_id, login, full_name, position, editor.user_id, now)
    user = UserState(user_id=user_id, full_name=registered.full_name, position=registered.position, active=True)
    given = [give_grant(user, str(uuid.uuid4()), terms, editor.user_id, now) for terms in grants_given]
    alongside = _together(_password(user_id, password_hash), _audited(editor, "user_created", login, user_id))
    try:
        await eventlog.append(
            user_stream(user_id), 0, [new_event(e, str(uuid.uuid4()), {}) for e in (registered, *given)], alongside
        )
    except IntegrityError:
        async with eventlog.engine.connect() as conn:
            if (await conn.execute(select(users.c.id).where(users.c.login == login))).first():
                raise LoginTaken(login) from None
        raise
    return user_id


async def change(
    eventlog: EventLog,
    editor: Editor,
    user_id: str,
    *,
    full_name: str | None = None,
    position: str | None = None,
    active: bool | None = None,
    password_hash: str | None = None,
) -> list[str]:
    """Change what is given (None: leave it); a new password is a credential, written without an event. The
    fields that changed (what the domain decided, and the password), as the audit names them."""
    now = datetime.now(UTC)
    changed: list[str] = []

    async def decide(conn: AsyncConnection) -> Decision:
        user, login = await _user_state(conn, user_id)
        changes = change_user(user, editor.user_id, now, full_name=full_name, position=position, active=active)
        changed[:] = _changed_fields(changes) + (["password"] if password_hash is not None else [])
        alongside = _together(
            _password(user_id, password_hash),
            _audited(editor, "user_changed", login, user_id, fields=changed) if changed else None,
        )
        return changes, alongside

    await _append(eventlog, user_stream(user_id), decide)
    return changed


def _changed_fields(changes: list[UserChanged | UserDeactivated | UserReactivated]) -> list[str]:
    fields: set[str] = set()
    for change in changes:
        if isinstance(change, UserChanged):
            fields |= {name for name in ("full_name", "position") if getattr(change, name) is not None}
        else:
            fields.add("active")
    return sorted(fields)


async def grant(eventlog: EventLog, editor: Editor, user_id: str, terms: GrantTerms) -> str:
    """Give ``user_id`` a role; the grant's id."""
    grant_id, now = str(uuid.uuid4()), datetime.now(UTC)

    async def decide(conn: AsyncConnection) -> Decision:
        user, login = await _user_state(conn, user_id)
        given = give_grant(user, grant_id, terms, editor.user_id, now)
        new = HeldGrant(
            grant=Grant(role=terms.role, scope_kind=terms.scope_kind, scope_id=terms.scope_id, acting=terms.acting),
            valid_from=terms.valid_from or service_today(now),  # no start: from today (a grant never acts in the past)
            valid_until=terms.valid_until,
        )
        check_segregation(await held_grants(conn, user_id), new, await all_sites(conn), today=service_today(now))
        return [given], _audited(editor, "grant_added", login, user_id, grant=terms.model_dump(mode="json"))

    await _append(eventlog, user_stream(user_id), decide)
    return grant_id


async def withdraw(eventlog: EventLog, editor: Editor, user_id: str, grant_id: str) -> None:
    now = datetime.now(UTC)

    async def decide(conn: AsyncConnection) -> Decision:
        user, login = await _user_state(conn, user_id)
        withdrawn = withdraw_grant(user, grant_id, editor.user_id, now)
        return [withdrawn], _audited(editor, "grant_removed", login, user_id, grant_id=grant_id)

    await _append(eventlog, user_stream(user_id), decide)


# --- substitutions ----------------------------------------------------------------------------------------------


async def arrange(
    eventlog: EventLog,
    editor: Editor,
    *,
    absent: Person,
    substitute: Person,
    starts_on: date,
    ends_on: date,
    reason: str,
) -> str:
    """Hand ``absent``'s tasks to ``substitute`` for a period; the substitution's id."""
    if editor.user_id is None:
        raise ValueError("a substitution is arranged by a user")
    substitution_id = str(uuid.uuid4())
    arranged = arrange_substitution(
        substitution_id,
        absent_user_id=absent.user_id,
        substitute_user_id=substitute.user_id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        by=editor.user_id,
        now=datetime.now(UTC),
    )
    async with eventlog.engine.connect() as conn:
        # The substitute would hold the absent colleague's grants for the period: not on both sides of a site (D39).
        held, site_list = await held_grants(conn, substitute.user_id), await all_sites(conn)
        absent_name = (await conn.execute(select(users.c.full_name).where(users.c.id == absent.user_id))).scalar_one()
        today = service_today(arranged.occurred_at)
        for own in await own_grants(conn, absent.user_id):
            taken = substituted(own, starts_on, ends_on, absent_name)
            check_segregation(held, taken, site_list, field="substitute_login", today=today)
            held.append(taken)
    audited = _audited(
        editor,
        "substitution_created",
        absent.login,
        absent.user_id,
        substitute=substitute.login,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    await eventlog.append(
        substitution_stream(substitution_id), 0, [new_event(arranged, str(uuid.uuid4()), {})], audited
    )
    return substitution_id


async def cancel(eventlog: EventLog, editor: Editor, substitution_id: str) -> None:
    """End the substitution now; one cancelled already stays as it was."""
    now = datetime.now(UTC)

    async def decide(conn: AsyncConnection) -> Decision:
        row = (
            await conn.execute(select(substitutions).where(substitutions.c.substitution_id == substitution_id))
        ).one_or_none()
        if row is None:
            raise DomainError("substitution_not_found", "Замещение не найдено.")
        state = SubstitutionState(
            substitution_id=substitution_id,
            absent_user_id=str(row.absent_user_id),
            cancelled=row.cancelled_at is not None,
        )
        cancelled = cancel_substitution(state, editor.user_id, now)
        audited = _audited(editor, "substitution_cancelled", None, state.absent_user_id)
        return ([cancelled] if cancelled else []), audited

    await _append(eventlog, substitution_stream(substitution_id), decide)
