"""Who may see an obligation and act on it: the obligation a request names, finding it together with its site
when the caller may see them (and, for a command, the site's files it names, in the same statement), and
refusing a command the obligation cannot take (an undated duty, one not open yet, another kind of action)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import ARRAY, bindparam, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.db import driver_rows, driver_sql
from api.files.ids import is_uuid
from api.obligations.rules import rule_of
from api.problems import Problem
from api.runtime import Runtime
from api.sites.service import SITE_NOT_FOUND, site_from_row
from api.tables import files, obligations, sites
from domain.common import Actor
from domain.cycle import instance_institution
from domain.obligations import obligation_id
from domain.people import Role, ScopeKind
from domain.sites import Site


@dataclass(frozen=True)
class Target:
    """The obligation a request names in its path."""

    site_id: str
    year: int
    key: str
    instance: str


async def visible_obligation(
    runtime: Runtime, principal: Principal, site_id: str, year: int, key: str, instance: str
) -> tuple[Site, Any]:
    async with runtime.reads.connect() as conn:
        return await visible_obligation_on(conn, principal, site_id, year, key, instance)


async def visible_obligation_on(
    conn: AsyncConnection,
    principal: Principal,
    site_id: str,
    year: int,
    key: str,
    instance: str,
    file_ids: Sequence[str] = (),
) -> tuple[Site, Any]:
    """The site and the obligation, when the caller may see them; with ``file_ids``, the row also holds those of
    the site's uploaded files (``named_files``, for ``api.obligations.commands.file_refs``), read in the same
    statement."""
    oid = obligation_id(site_id, year, key, instance)
    if file_ids:
        named = [i for i in file_ids if is_uuid(i)]
        found = await driver_rows(conn, _SITE_OBLIGATION_AND_FILES, {"site_id": site_id, "oid": oid, "file_ids": named})
    else:
        found = await driver_rows(conn, _SITE_AND_OBLIGATION, {"site_id": site_id, "oid": oid})
    joined = found[0] if found else None
    site = site_from_row(joined, prefix="site_") if joined is not None else None
    row = joined if joined is not None and joined.obligation_id is not None else None
    if site is None or not _may_see(principal, site, row):
        raise Problem(404, "site_not_found", SITE_NOT_FOUND)
    if row is None:
        raise Problem(404, "obligation_not_found", "Обязанность не найдена в этом цикле.")
    return site, row


_SITE_COLUMNS = [column.label(f"site_{column.name}") for column in sites.c]
# The site and the obligation in one round trip: every command starts here. Compiled once and read through the
# driver (api.db.driver_rows), as the inbox is.
_SITE_AND_OBLIGATION_STATEMENT = (
    select(*_SITE_COLUMNS, obligations)
    .select_from(sites.outerjoin(obligations, obligations.c.obligation_id == bindparam("oid")))
    .where(sites.c.id == bindparam("site_id"))
)


def _file_fields(*names: str) -> list[Any]:
    """The arguments of ``json_build_object`` for these columns of ``files``: each key a literal, for the driver's
    text takes named values only, then the column."""
    fields: list[Any] = []
    for name in names:
        fields += [literal_column(f"'{name}'"), files.c[name]]
    return fields


_NAMED_FILES = (
    select(
        func.coalesce(
            func.json_agg(func.json_build_object(*_file_fields("id", "filename", "format", "size", "sha256"))),
            literal_column("'[]'::json"),
        )
    )
    .where(
        files.c.id == func.any(bindparam("file_ids", type_=ARRAY(files.c.id.type))),
        files.c.site_id == sites.c.id,
    )
    .scalar_subquery()
    .label("named_files")
)
_SITE_AND_OBLIGATION = driver_sql(_SITE_AND_OBLIGATION_STATEMENT)
_SITE_OBLIGATION_AND_FILES = driver_sql(_SITE_AND_OBLIGATION_STATEMENT.add_columns(_NAMED_FILES))


def _may_see(principal: Principal, site: Site, row: Any) -> bool:
    """Whoever sees the site sees its obligations; an institution's responsible person sees the obligations the
    institution itself submits to (its quarterly forms), nothing else of the site — and of forms kept per
    institution (D34), only their own institution's."""
    if principal.can_read(site):
        return True
    if row is None:
        return False
    institution = forms_institution(row)
    if institution is not None:
        return speaks_for(principal, institution)
    return bool(set(row.rule["submitters"]) & {r.value for r in principal.roles_on(site)})


def forms_institution(row: Any) -> str | None:
    """The institution whose own forms the obligation ``row`` is (``Q1-megion-kcson``, D34), or None."""
    if not row.rule.get("per_institution"):
        return None
    return instance_institution(rule_of(row), row.instance)


def speaks_for(principal: Principal, institution_id: str) -> bool:
    """Whether the caller is the institution's responsible person: a grant scoped to that institution (D34)."""
    return any(
        grant.role == Role.INSTITUTION_RESPONSIBLE
        and grant.scope_kind == ScopeKind.INSTITUTION
        and grant.scope_id == institution_id
        for grant in principal.grants
    )


def actor_for(principal: Principal, site: Site, row: Any) -> Actor:
    """The caller as the domain sees them on ``row``: an institution's forms (D34) are submitted by that
    institution's responsible person alone, whatever their region-wide grant says."""
    actor = principal.actor_on(site)
    institution = forms_institution(row)
    if institution is None:
        return actor
    roles = set(actor.roles)
    if speaks_for(principal, institution):
        roles.add(Role.INSTITUTION_RESPONSIBLE)
    else:
        roles.discard(Role.INSTITUTION_RESPONSIBLE)
    return actor.model_copy(update={"roles": frozenset(roles)})


def require_runner(row: Any, *runners: str) -> None:
    """Refuse a command the obligation cannot take, or cannot take yet."""
    if row.status == "standing":
        raise Problem(409, "undated_duty", "Это постоянная обязанность без срока: её состояние отражается в отчете.")
    if row.status == "planned":
        opens = row.opens_at.astimezone(UTC).strftime("%d.%m.%Y") if row.opens_at else "позже"
        raise Problem(409, "not_open_yet", f"Обязанность ещё не открыта: она откроется {opens}.")
    if row.runner not in runners:
        raise Problem(409, "wrong_action", "Эта обязанность не принимает такое действие.")
