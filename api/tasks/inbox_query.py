"""The inbox query, compiled once per shape.

The inbox is the most read page of the system. Built and compiled by SQLAlchemy on every request, its query cost
more than the database took to answer it. Its shape — which grants (role and scope kind) the caller holds, which
filters are given, the sort — varies little, so the SQL of each shape is compiled once, with named parameters, and
sent to the driver with the values of the request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Select, and_, bindparam, false, func, literal_column, or_, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.elements import ColumnElement

from api.access.principal import Principal
from api.db import driver_sql
from api.tables import tasks
from domain.people import Role, ScopeKind

OPEN: ColumnElement[str] = literal_column("'open'")
SORTS = {
    "due": (tasks.c.due_effective.asc().nulls_last(), tasks.c.task_id),
    "-due": (tasks.c.due_effective.desc().nulls_last(), tasks.c.task_id),
    "created": (tasks.c.created_at.asc(), tasks.c.task_id),
    "-created": (tasks.c.created_at.desc(), tasks.c.task_id),
}


@dataclass(frozen=True)
class InboxFilter:
    """What the caller asked the inbox for (every field optional but state, assigned, sort and the page)."""

    state: str = "open"
    role: str | None = None
    site_id: str | None = None
    year: int | None = None
    obligation_kind: str | None = None
    task_kind: str | None = None
    due_before: date | None = None
    overdue: bool | None = None
    assigned: str = "any"
    sort: str = "due"
    page: int = 1
    per_page: int = 50


def _scope(kind: ScopeKind, n: int) -> ColumnElement[bool]:
    match kind:
        case ScopeKind.GLOBAL:
            return true()
        case ScopeKind.REGION:
            return tasks.c.region_id == bindparam(f"scope_{n}")
        case ScopeKind.DIRECTION:
            return tasks.c.direction_id == bindparam(f"scope_{n}")
        case ScopeKind.SITE:
            return tasks.c.site_id == bindparam(f"scope_{n}")
        case ScopeKind.INSTITUTION:
            return tasks.c.institution_id == bindparam(f"scope_{n}")
    return false()


def _mine(scopes: tuple[ScopeKind, ...]) -> ColumnElement[bool]:
    """Tasks assigned to the caller (or to whom they stand in for), or asked of a role they hold there — also when
    a colleague has taken one, so that the team sees who is on it. One parameter pair per grant."""
    candidate = [
        and_(tasks.c.candidate_roles.contains(bindparam(f"role_{n}", type_=JSONB)), _scope(kind, n))
        for n, kind in enumerate(scopes)
    ]
    assigned = tasks.c.assignee_id == func.any(bindparam("assignees"))
    # An institution's own forms (D34) are asked of that institution's responsible person alone — a grant on the
    # institution is enough (a Vologda centre's, D11), though the site belongs to another institution.
    own_forms = or_(tasks.c.forms_of.is_(None), tasks.c.forms_of == func.any(bindparam("institutions")))
    forms_of_mine = tasks.c.forms_of == func.any(bindparam("institutions"))
    return or_(assigned, and_(own_forms, or_(*candidate)), forms_of_mine)


def _late() -> ColumnElement[bool]:
    return and_(tasks.c.state == OPEN, tasks.c.due_ends_at <= bindparam("now"))


def _statement(scopes: tuple[ScopeKind, ...], given: frozenset[str], the_filter: InboxFilter) -> Select[Any]:
    # Each row carries the count of all that match and of those overdue, so that a page is one round trip.
    query = select(
        tasks,
        func.count().over().label("matching"),
        func.count().filter(_late()).over().label("matching_overdue"),
    ).where(_mine(scopes))
    if the_filter.state != "all":
        query = query.where(tasks.c.state == bindparam("state"))
    if "role" in given:
        query = query.where(tasks.c.candidate_roles.contains(bindparam("role", type_=JSONB)))
    if "site_id" in given:
        query = query.where(tasks.c.site_id == bindparam("site_id"))
    if "year" in given:
        query = query.where(tasks.c.year == bindparam("year"))
    if "obligation_kind" in given:
        query = query.where(tasks.c.obligation_kind == bindparam("obligation_kind"))
    if "task_kind" in given:
        query = query.where(tasks.c.kind == bindparam("task_kind"))
    if "due_before" in given:
        query = query.where(tasks.c.due_effective < bindparam("due_before"))
    # Every value is a named parameter (an anonymous one would be missing from the request's values).
    if the_filter.overdue is True:
        query = query.where(_late())
    elif the_filter.overdue is False:
        query = query.where(
            or_(tasks.c.state != OPEN, tasks.c.due_ends_at.is_(None), tasks.c.due_ends_at > bindparam("now"))
        )
    if the_filter.assigned == "me":
        query = query.where(tasks.c.assignee_id == bindparam("me"))
    elif the_filter.assigned == "unassigned":
        query = query.where(tasks.c.assignee_id.is_(None))
    return query.order_by(*SORTS[the_filter.sort]).offset(bindparam("offset")).limit(bindparam("limit"))


_OPTIONAL = ("role", "site_id", "year", "obligation_kind", "task_kind", "due_before")
_COMPILED: dict[tuple[Any, ...], tuple[str, str]] = {}


def inbox_sql(principal: Principal, the_filter: InboxFilter, now: datetime) -> tuple[str, str, dict[str, Any]]:
    """The SQL of the page, the SQL of the counts alone (for a page past the last), and their parameters."""
    scopes = tuple(grant.scope_kind for grant in principal.grants)
    given = frozenset(name for name in _OPTIONAL if getattr(the_filter, name) is not None)
    shape = (scopes, given, the_filter.state == "all", the_filter.overdue, the_filter.assigned, the_filter.sort)
    compiled = _COMPILED.get(shape)
    if compiled is None:
        statement = _statement(scopes, given, the_filter)
        matching = (
            statement.with_only_columns(tasks.c.state, tasks.c.due_ends_at)
            .order_by(None)
            .limit(None)
            .offset(None)
            .subquery()
        )
        counted = select(
            func.count().label("matching"),
            func.count()
            .filter(and_(matching.c.state == OPEN, matching.c.due_ends_at <= bindparam("now")))
            .label("matching_overdue"),
        ).select_from(matching)
        compiled = (driver_sql(statement), driver_sql(counted))
        if len(_COMPILED) > 5000:
            _COMPILED.clear()
        _COMPILED[shape] = compiled
    params: dict[str, Any] = {
        "assignees": [uuid.UUID(user) for user in (principal.user_id, *principal.substituting)],
        "state": the_filter.state,
        "now": now,
        "me": uuid.UUID(principal.user_id),
        "offset": (the_filter.page - 1) * the_filter.per_page,
        "limit": the_filter.per_page,
    }
    params["institutions"] = [
        grant.scope_id
        for grant in principal.grants
        if grant.role == Role.INSTITUTION_RESPONSIBLE and grant.scope_kind == ScopeKind.INSTITUTION
    ]
    for n, grant in enumerate(principal.grants):
        params[f"role_{n}"] = Jsonb([grant.role.value])
        params[f"scope_{n}"] = grant.scope_id
    for name in given:
        value = getattr(the_filter, name)
        params[name] = Jsonb([value]) if name == "role" else value
    return compiled[0], compiled[1], params
