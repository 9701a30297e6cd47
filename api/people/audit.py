"""The audit log the administrator reads: sign-ins (and refused ones), refreshed sessions, and every change of
people, grants and substitutions, newest first. Rows, not events: written in the transaction of what they record
(``api.access.signin``, ``commands.py``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from api.access.principal import Principal
from api.people.accounts import require_admin
from api.runtime import Runtime
from api.tables import audit_log, regions, users
from api.today import DEFAULT_ZONE

AUDIT_KIND_RU = {
    "login": "вход",
    "login_failed": "неудачный вход",
    "login_throttled": "вход задержан: много неудачных попыток",
    "refresh": "сеанс продлен",
    "user_created": "создан пользователь",
    "user_changed": "изменен пользователь",
    "grant_added": "выдана роль",
    "grant_removed": "отозвана роль",
    "substitution_created": "назначено замещение",
    "substitution_cancelled": "отменено замещение",
}


async def audit_entries(
    runtime: Runtime, principal: Principal, login: str | None, kind: str | None, page: int, per_page: int
) -> dict[str, Any]:
    require_admin(principal)
    query = select(audit_log)
    if login:
        query = query.where(audit_log.c.login == login)
    if kind:
        query = query.where(audit_log.c.kind == kind)
    async with runtime.engine.connect() as conn:
        total = (await conn.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        ordered = query.order_by(audit_log.c.id.desc()).offset((page - 1) * per_page).limit(per_page)
        rows = (await conn.execute(ordered)).all()
    items = [
        {
            "at": row.at,
            "kind": row.kind,
            "login": row.login,
            "user_id": str(row.user_id) if row.user_id else None,
            "ip": row.ip,
            "detail": row.detail,
        }
        for row in rows
    ]
    return {"items": items, "page": page, "per_page": per_page, "total": total}


async def audit_zone(runtime: Runtime) -> str:
    """The zone the audit's times are shown in: the region's, when all regions share one (else the default)."""
    async with runtime.engine.connect() as conn:
        zones = (await conn.execute(select(regions.c.timezone).distinct())).scalars().all()
    return zones[0] if len(zones) == 1 else DEFAULT_ZONE


async def logins_of(runtime: Runtime, user_ids: set[str]) -> dict[str, str]:
    """The logins of the users an entry names only by id (a refreshed session)."""
    if not user_ids:
        return {}
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(users.c.id, users.c.login).where(users.c.id.in_(user_ids)))).all()
    return {str(row.id): row.login for row in rows}
