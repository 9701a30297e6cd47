"""What the people pages show a person, in Russian: a grant as «куратор направления, направление 1.1.5 (И.О.)»,
whether a grant or a substitution is in force today, an audit entry's details, the local time zone's name."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.people.audit import AUDIT_KIND_RU
from api.people.scopes import Scopes
from domain.people import ROLE_RU, Grant, Role, ScopeKind
from domain.regulations import sverdlovsk, vologda

ZONE_RU = {
    "Asia/Yekaterinburg": "Екатеринбург",
    "Europe/Moscow": "Москва",
}
CHANGED_FIELD_RU = {
    "full_name": "ФИО",
    "position": "должность",
    "active": "включение учетной записи",
    "password": "пароль",
}
AUDIT_COLOUR = {
    "login": "green",
    "login_failed": "red",
    "login_throttled": "red",
    "refresh": "grey",
    "grant_added": "blue",
    "grant_removed": "orange",
    "user_created": "purple",
    "user_changed": "purple",
    "substitution_created": "yellow",
    "substitution_cancelled": "grey",
}
# The scope a role is usually given in, offered first in the hint of the grant form.
TYPICAL_SCOPE = {
    Role.ADMIN: ScopeKind.GLOBAL,
    Role.DEPARTMENT: ScopeKind.REGION,
    Role.RCRSO_DIRECTOR: ScopeKind.REGION,
    Role.CURATOR: ScopeKind.DIRECTION,
    Role.EXPERT: ScopeKind.REGION,
    Role.SITE_DIRECTOR: ScopeKind.SITE,
    Role.SITE_RESPONSIBLE: ScopeKind.SITE,
    Role.INSTITUTION_RESPONSIBLE: ScopeKind.INSTITUTION,
    Role.INSTITUTION_DIRECTOR: ScopeKind.INSTITUTION,
    Role.DEPUTY_DIRECTOR: ScopeKind.INSTITUTION,
    Role.HR_SPECIALIST: ScopeKind.INSTITUTION,
    Role.LEGAL_COUNSEL: ScopeKind.INSTITUTION,
    Role.UNIT_HEAD: ScopeKind.INSTITUTION,
    Role.UNIT_EMPLOYEE: ScopeKind.INSTITUTION,
}


def role_options() -> list[tuple[str, str]]:
    return [(role.value, label[:1].upper() + label[1:]) for role, label in ROLE_RU.items()]


def period_ru(valid_from: date | None, valid_until: date | None) -> str:
    """«бессрочно», «с 01.02.2026», «по 14.02.2026», «с 01.02.2026 по 14.02.2026»."""
    parts = []
    if valid_from:
        parts.append(f"с\u00a0{valid_from:%d.%m.%Y}")
    if valid_until:
        parts.append(f"по\u00a0{valid_until:%d.%m.%Y}")
    return " ".join(parts) or "бессрочно"


def grant_state(valid_from: date | None, valid_until: date | None, today: date) -> tuple[str, str, bool]:
    """(label, tag colour, in force) of a grant's period today."""
    if valid_until and valid_until < today:
        return "истекла", "grey", False
    if valid_from and valid_from > today:
        return f"с {valid_from:%d.%m.%Y}", "blue", False
    return "действует", "green", True


def grant_row(grant: dict[str, Any], scopes: Scopes, today: date) -> dict[str, Any]:
    """A grant of ``GET /api/admin/users/{id}`` with what the page says of it."""
    state, colour, in_force = grant_state(grant["valid_from"], grant["valid_until"], today)
    return {
        **grant,
        "role_label": grant["role_ru"][:1].upper() + grant["role_ru"][1:],
        "scope_label": scopes.name(grant["scope_kind"], grant["scope_id"]),
        "scope_short": scopes.short(grant["scope_kind"], grant["scope_id"]),
        "period": period_ru(grant["valid_from"], grant["valid_until"]),
        "state": state,
        "colour": colour,
        "in_force": in_force,
    }


# How the regimes of other regions than KhMAO name the roles whose generic names are order 135-р's (РЦРСО): a
# grant in such a region is called what the region calls it (issue 16).
REGIME_TITLES: dict[str, dict[Role, str]] = {
    vologda.REGION_ID: vologda.ROLE_TITLES,
    sverdlovsk.REGION_ID: sverdlovsk.ROLE_TITLES,
}


def role_title(grant: Grant) -> str:
    generic = ROLE_RU[grant.role]
    if grant.scope_kind != ScopeKind.REGION or grant.scope_id not in REGIME_TITLES or "РЦРСО" not in generic:
        return generic
    return REGIME_TITLES[grant.scope_id].get(grant.role, "руководитель координирующего центра")


def held_grants(grants: tuple[Grant, ...], scopes: Scopes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A principal's grants in force: their own, and those held for absent colleagues grouped by colleague."""
    own: list[dict[str, Any]] = []
    held_for: dict[str, list[dict[str, Any]]] = {}
    for grant in grants:
        title = role_title(grant)
        label = {
            "role": title[:1].upper() + title[1:],
            "scope": scopes.name(grant.scope_kind, grant.scope_id),
            "acting": grant.acting,
        }
        if grant.on_behalf_of:
            held_for.setdefault(grant.on_behalf_of, []).append(label)
        else:
            own.append(label)
    return own, [{"absent": name, "grants": labels} for name, labels in held_for.items()]


SUBSTITUTION_STATES = {
    "cancelled": ("отменено", "grey"),
    "ended": ("завершено", "grey"),
    "planned": ("запланировано", "blue"),
    "in_force": ("действует", "green"),
}


def substitution_state(item: dict[str, Any], today: date) -> dict[str, Any]:
    """A substitution of ``GET /api/substitutions`` with its state today: code, label, tag colour, and whether it
    may still be cancelled."""
    if item["cancelled_at"] is not None:
        code = "cancelled"
    elif item["ends_on"] < today:
        code = "ended"
    elif item["starts_on"] > today:
        code = "planned"
    else:
        code = "in_force"
    label, colour = SUBSTITUTION_STATES[code]
    return {**item, "code": code, "state": label, "colour": colour, "cancellable": code in ("planned", "in_force")}


def zone_label(zone: str) -> str:
    """«Екатеринбург, UTC+5»."""
    offset = datetime.now(ZoneInfo(zone)).utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset is not None else 0
    return f"{ZONE_RU.get(zone, zone)}, UTC{hours:+d}"


def _grant_detail(grant: dict[str, Any], scopes: Scopes) -> str:
    try:
        role = ROLE_RU[Role(grant.get("role", ""))]
        scope = scopes.short(grant.get("scope_kind", ""), grant.get("scope_id", ""))
    except ValueError:
        return ""
    acting = " (И.О.)" if grant.get("acting") else ""
    valid_from, valid_until = grant.get("valid_from"), grant.get("valid_until")
    period = period_ru(
        date.fromisoformat(valid_from) if valid_from else None, date.fromisoformat(valid_until) if valid_until else None
    )
    return f"{role}{acting}, {scope}, {period}"


def audit_detail(kind: str, detail: dict[str, Any], scopes: Scopes) -> str:
    """What an entry's details say, in Russian."""
    if kind == "user_changed":
        fields = [CHANGED_FIELD_RU.get(name, name) for name in detail.get("fields", [])]
        return "изменено: " + ", ".join(fields) if fields else "без изменений"
    if kind == "grant_added" and isinstance(detail.get("grant"), dict):
        return _grant_detail(detail["grant"], scopes)
    if kind == "substitution_created":
        starts, ends = detail.get("starts_on"), detail.get("ends_on")
        period = period_ru(date.fromisoformat(starts) if starts else None, date.fromisoformat(ends) if ends else None)
        return f"замещает {detail.get('substitute', '')}, {period}"
    return ""


def audit_row(entry: dict[str, Any], logins: dict[str, str], scopes: Scopes) -> dict[str, Any]:
    """An entry of ``GET /api/admin/audit`` as a row of the page; a refresh names no login, found by its user."""
    return {
        **entry,
        "kind_ru": AUDIT_KIND_RU.get(entry["kind"], entry["kind"]),
        "colour": AUDIT_COLOUR.get(entry["kind"], "grey"),
        "who": entry["login"] or logins.get(entry["user_id"] or "", ""),
        "by": entry["detail"].get("by", ""),
        "text": audit_detail(entry["kind"], entry["detail"], scopes),
    }
