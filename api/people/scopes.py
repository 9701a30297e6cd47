"""The scopes a grant can name — a region, a direction, a site or an institution, or everything — as the tables
that hold them: the check that one exists before a grant is given, and their names for people to choose from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.problems import field_problem
from api.tables import directions, institutions, regions, sites
from domain.people import ScopeKind

SCOPE_TABLES = {
    ScopeKind.REGION: regions,
    ScopeKind.DIRECTION: directions,
    ScopeKind.SITE: sites,
    ScopeKind.INSTITUTION: institutions,
}

SCOPE_KIND_RU = {
    ScopeKind.GLOBAL: "вся система",
    ScopeKind.REGION: "регион",
    ScopeKind.DIRECTION: "направление",
    ScopeKind.SITE: "площадка",
    ScopeKind.INSTITUTION: "учреждение",
}
SCOPE_GROUP_RU = {
    ScopeKind.REGION: "Регионы",
    ScopeKind.DIRECTION: "Направления",
    ScopeKind.SITE: "Площадки",
    ScopeKind.INSTITUTION: "Учреждения",
}
SHORT_TITLE = 90  # characters of a direction's title shown in a select


async def check_scope(conn: AsyncConnection, scope_kind: ScopeKind, scope_id: str) -> None:
    """A scope other than everything exists (the domain refuses an id for everything)."""
    if scope_kind == ScopeKind.GLOBAL:
        return
    table = SCOPE_TABLES[scope_kind]
    if not (await conn.execute(select(table.c.id).where(table.c.id == scope_id))).first():
        raise field_problem(422, "unknown_scope", f"Область «{scope_id}» не найдена.", "scope_id", "не найдена")


def _short(text: str) -> str:
    return text if len(text) <= SHORT_TITLE else text[: SHORT_TITLE - 1].rstrip(" ,.;") + "…"


def sort_key(scope_id: str) -> tuple[Any, ...]:
    """1.1.2 before 1.1.10; ids that are not clause numbers after them, by name."""
    parts = scope_id.split(".")
    return (0, *map(int, parts)) if all(p.isdigit() for p in parts) else (1, scope_id)


@dataclass
class Scopes:
    """Every scope by kind: its id and a name a person recognises."""

    names: dict[ScopeKind, dict[str, str]] = field(default_factory=dict)

    def name(self, scope_kind: ScopeKind | str, scope_id: str) -> str:
        """«площадка 1.1.5 — Сургутский реабилитационный центр», «вся система»."""
        kind = ScopeKind(scope_kind)
        if kind == ScopeKind.GLOBAL:
            return SCOPE_KIND_RU[kind]
        known = self.names.get(kind, {}).get(scope_id, "")
        if kind == ScopeKind.INSTITUTION:
            return f"{SCOPE_KIND_RU[kind]} {known or scope_id}"
        return f"{SCOPE_KIND_RU[kind]} {scope_id}" + (f" — {known}" if known else "")

    def short(self, scope_kind: ScopeKind | str, scope_id: str) -> str:
        """«площадка 1.1.5», «учреждение РЦРСО», «вся система»: for a list."""
        kind = ScopeKind(scope_kind)
        if kind == ScopeKind.GLOBAL:
            return SCOPE_KIND_RU[kind]
        if kind == ScopeKind.INSTITUTION:
            return f"{SCOPE_KIND_RU[kind]} {self.names.get(kind, {}).get(scope_id) or scope_id}"
        return f"{SCOPE_KIND_RU[kind]} {scope_id}"

    def choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Groups of (value, label) for one select: the value is «kind:id» («global:» for everything)."""
        groups: list[tuple[str, list[tuple[str, str]]]] = [("", [("global:", "Вся система (без ограничения)")])]
        for kind, title in SCOPE_GROUP_RU.items():
            names = self.names.get(kind, {})
            options = [
                (f"{kind.value}:{scope_id}", name if kind == ScopeKind.INSTITUTION else f"{scope_id} — {_short(name)}")
                for scope_id, name in sorted(names.items(), key=lambda item: sort_key(item[0]))
            ]
            groups.append((title, options))
        return groups


async def load_scopes(conn: AsyncConnection) -> Scopes:
    site_names = select(sites.c.id, institutions.c.short_name).join(
        institutions, institutions.c.id == sites.c.institution_id
    )
    return Scopes(
        names={
            ScopeKind.REGION: {r.id: r.name for r in (await conn.execute(select(regions.c.id, regions.c.name))).all()},
            ScopeKind.DIRECTION: {
                r.id: r.title for r in (await conn.execute(select(directions.c.id, directions.c.title))).all()
            },
            ScopeKind.SITE: {r.id: r.short_name for r in (await conn.execute(site_names)).all()},
            ScopeKind.INSTITUTION: {
                r.id: r.short_name
                for r in (await conn.execute(select(institutions.c.id, institutions.c.short_name))).all()
            },
        }
    )
