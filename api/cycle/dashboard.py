"""The site's dashboard as a director reads it: the overview (``api.cycle.overview``) arranged for the page — each
cycle's obligations grouped by what is to be done, each with its traffic light, status tag and highest open
escalation, and the same obligations on a strip of the months they are due in. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from api.cycle.overview import due_soon
from api.obligations.views import WAITING
from api.timeline.history import CYCLE_STATUS_RU
from api.web.formats import MONTHS
from domain.escalation import EscalationLevel
from domain.periods import PeriodKind, parse_period_key
from domain.regulations.catalog import regulation

CYCLE_STATUS_TAG = {"active": "blue", "completed": "green", "closed": "grey"}

STATUS_TAG = {
    "planned": "grey",
    "standing": "grey",
    "awaiting_submission": "blue",
    "in_progress": "blue",
    "returned": "orange",
    "under_review": "purple",
    "approved": "green",
    "cancelled": "grey",
    "not_done": "red",
}

# Escalation levels from the mildest; an obligation shows its highest open one.
LEVELS = tuple(EscalationLevel)
LEVEL_TAG = {
    EscalationLevel.REMINDER: "yellow",
    EscalationLevel.INTERNAL_TARGET: "yellow",
    EscalationLevel.RISK: "orange",
    EscalationLevel.OVERDUE: "red",
    EscalationLevel.LEVEL2: "red",
    EscalationLevel.LEVEL3: "red",
}
ALARMING = frozenset({EscalationLevel.RISK, EscalationLevel.OVERDUE, EscalationLevel.LEVEL2, EscalationLevel.LEVEL3})

LIGHT_RU = {
    "red": "срок нарушен или под угрозой",
    "yellow": "срок скоро или работа возвращена",
    "green": "в порядке",
    "grey": "еще не началось",
}


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    statuses: tuple[str, ...]
    folded: bool = False  # shown folded: what needs nothing more


GROUPS = (
    Group("todo", "Нужно сделать", WAITING),
    Group("review", "На рассмотрении", ("under_review",)),
    Group("planned", "Запланировано", ("planned",), folded=True),
    Group("standing", "Постоянные обязанности", ("standing",), folded=True),
    Group("done", "Выполнено", ("approved",), folded=True),
    Group("cancelled", "Закрыто без исполнения", ("cancelled", "not_done"), folded=True),
)


def obligation_href(site_id: str, year: int, key: str, instance: str) -> str:
    parts = (quote(site_id, safe=""), str(year), quote(key, safe=""), quote(instance, safe=""))
    return "/sites/{}/cycles/{}/obligations/{}/{}".format(*parts)


def site_href(site_id: str) -> str:
    return f"/sites/{quote(site_id, safe='')}"


def cycle_href(site_id: str, year: int) -> str:
    return f"{site_href(site_id)}/cycles/{year}"


def period_ru(view: dict[str, Any]) -> str:
    """The period of an obligation with several instances a year (a quarter, a month); empty for a year's."""
    if not view["period"]:
        return ""
    try:
        period = parse_period_key(view["year"], view["period"])
    except ValueError:
        return ""
    return "" if period.kind == PeriodKind.YEAR else period.title_ru()


def highest(escalations: list[dict[str, Any]]) -> dict[str, Any] | None:
    return max(escalations, key=lambda e: LEVELS.index(EscalationLevel(e["level"])), default=None)


def light_of(view: dict[str, Any], escalation: dict[str, Any] | None) -> str:
    """Red: late or an alarming escalation; yellow: due within five working days, returned, or reminded; green:
    done, with the reviewer, or with time to spare; grey: not started, standing or closed."""
    level = EscalationLevel(escalation["level"]) if escalation else None
    if view["overdue"] or level in ALARMING:
        return "red"
    if due_soon(view) or view["status"] == "returned" or level is not None:
        return "yellow"
    if view["status"] in (*WAITING, "under_review", "approved"):
        return "green"
    return "grey"


def item(view: dict[str, Any], escalations: list[dict[str, Any]]) -> dict[str, Any]:
    top = highest(escalations)
    light = light_of(view, top)
    zone = ZoneInfo(regulation(view["regulation"]["id"]).timezone)
    return {
        **view,
        "href": obligation_href(view["site_id"], view["year"], view["key"], view["instance"]),
        "opens_on": view["opens_at"].astimezone(zone).date() if view["opens_at"] else None,
        "period_ru": period_ru(view),
        "light": light,
        "light_ru": LIGHT_RU[light],
        "tag": "red" if view["overdue"] else STATUS_TAG.get(view["status"], "grey"),
        "escalation": top and {**top, "tag": LEVEL_TAG[EscalationLevel(top["level"])]},
        "escalations": len(escalations),
        "acts_next": " или ".join(role["role_ru"] for role in view["next_actor"])
        if view["status"] in (*WAITING, "under_review")
        else "",
        "due_soon": due_soon(view),
    }


def month_strip(items: list[dict[str, Any]], year: int, today: date) -> list[dict[str, Any]]:
    """The months from the first due date of the cycle to its last, each with what is due in it."""
    dated = [i for i in items if i["due"] is not None]
    if not dated:
        return []
    first = min(min(i["due"]["effective"] for i in dated), date(year, 1, 1))
    last = max(max(i["due"]["effective"] for i in dated), date(year, 12, 1))
    months = []
    at = (first.year, first.month)
    while at <= (last.year, last.month):
        label = MONTHS[at[1] - 1] + ("" if at[0] == year else f" {at[0]}")
        due = [i for i in dated if (i["due"]["effective"].year, i["due"]["effective"].month) == at]
        months.append({"label": label, "current": at == (today.year, today.month), "items": due})
        at = (at[0] + at[1] // 12, at[1] % 12 + 1)
    return months


# How a cycle shown on the dashboard stands to today: the current one and those overlapping it.
RELATION_RU = {
    -1: "прошлый год: итоговая отчетность",
    0: "текущий год",
    1: "следующий год: подготовка и годовой пакет",
}


def cycle_board(cycle: dict[str, Any], today: date) -> dict[str, Any]:
    """One cycle of the overview for the page."""
    by_obligation: dict[str, list[dict[str, Any]]] = {}
    for escalation in cycle["open_escalations"]:
        by_obligation.setdefault(escalation["obligation_id"], []).append(escalation)
    items = [item(view, by_obligation.get(view["obligation_id"], [])) for view in cycle["obligations"]]
    groups = [
        {"key": group.key, "title": group.title, "folded": group.folded, "members": members}
        for group in GROUPS
        if (members := [i for i in items if i["status"] in group.statuses])
    ]
    return {
        **cycle,
        "status_ru": CYCLE_STATUS_RU.get(cycle["status"], cycle["status"]),
        "relation_ru": RELATION_RU.get(cycle["year"] - today.year, ""),
        "status_tag": CYCLE_STATUS_TAG.get(cycle["status"], "grey"),
        "href": cycle_href(cycle["site_id"], cycle["year"]),
        "groups": groups,
        "months": month_strip(items, cycle["year"], today),
    }


def state_item(view: dict[str, Any], site_id: str, year: int, at: datetime) -> dict[str, Any]:
    """An obligation as it stood at ``at`` (``api.timeline.history.state_as_of``) for the page: late then when it
    still waited for the site after its due day had ended."""
    late = view["status"] in WAITING and view["due"] is not None and view["due"]["ends_at"] <= at
    top = highest(view["open_escalations"])
    return {
        **view,
        "href": obligation_href(site_id, year, view["key"], view["instance"]),
        "late": late,
        "tag": "red" if late else STATUS_TAG.get(view["status"], "grey"),
        "escalation": top and {**top, "tag": LEVEL_TAG[EscalationLevel(top["level"])]},
    }


def state_items(state: dict[str, Any], site_id: str, year: int) -> list[dict[str, Any]]:
    """The obligations of a state as of a date, by their due date then; standing duties last."""
    items = [state_item(view, site_id, year, state["at"]) for view in state["obligations"]]
    return sorted(items, key=lambda i: (i["due"] is None, i["due"]["effective"] if i["due"] else date.max))


def totals(cycles: list[dict[str, Any]]) -> dict[str, int]:
    """What the director reads first, over every cycle shown."""
    keys = ("overdue", "due_soon", "under_review", "done", "open_escalations")
    return {key: sum(c["summary"][key] for c in cycles) for key in keys}
