"""The tasks projection: after every event of an obligation, the tasks it implies are brought in line with its
state — the open ones that no longer apply are completed, new ones are opened — so a task completes when its
obligation is acted on. Claims and assignments are projected from their own events."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ARRAY, Text, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.obligations.rules import rule_of
from api.rows import parameter_rows, row_parameters
from api.tables import obligations, sites, tasks
from domain.common import DomainEvent
from domain.cycle import QUOTA_RUNNERS, Runner, forms_institution_of
from domain.periods import parse_period_key
from domain.regulations.model import Obligation, review_parts
from domain.submission.events import EXTENSION, review_key
from domain.tasks import TaskAssigned, TaskClaimed, TaskReleased

FOLLOW_UP_DAYS = 7  # look at an open task again a week before it is due

KIND_RU = {
    "submit": "представить",
    "revise": "доработать и представить",
    "review": "рассмотреть",
    "review_item": "рассмотреть документ",
    "extension": "решить о продлении срока",
    "record": "направить",
    "update": "вести реестр",
    "perform": "выполнить",
    "assign_experts": "назначить экспертов",
    "respond": "ответить на назначение",
    "review_product": "написать рецензию",
    "conclude": "принять заключение совета",
    "rework": "доработать продукт",
    "sign": "подписать",  # a step of a controlled document's sign-off (api/qms)
    "acknowledge": "ознакомиться",  # a row of a controlled document's acknowledgment sheet (api/qms)
    # a Sverdlovsk section's own streams (api/section): a member's consent, a material's check, revision, forwarding
    "consent": "согласовать включение в состав секции",
    "check_material": "проверить методический материал",
    "revise_material": "доработать методический материал",
    "forward_materials": "передать материалы в ОМЦ",
    # a Vologda platform's criteria report (api/platform): its two signatures, the outcomes awaited, the next year
    "agree": "согласовать",
    "approve": "утвердить",
    "record_outcome": "записать результат",
    "decide_continuation": "решить о следующем годе",
}


def _period_label(row: Any) -> str:
    if not row.period_key:
        return ""
    try:
        return parse_period_key(row.year, row.period_key).title_ru()
    except ValueError:
        return ""


# Where a site sits (region, direction, institution) never changes either.
_SCOPES: dict[str, dict[str, str]] = {}


def wanted_tasks(row: Any) -> dict[str, dict[str, Any]]:
    """The tasks an obligation in this state implies, by kind."""
    rule = rule_of(row)
    label = _period_label(row)
    title = f"{row.title} — {label}" if label else row.title
    due = {"due_nominal": row.nominal_due, "due_effective": row.effective_due, "due_ends_at": row.due_ends_at}
    wanted: dict[str, dict[str, Any]] = {}
    if row.runner == Runner.EXPERTISE:
        return _with_follow_up(_expertise_tasks(row))
    if row.runner == Runner.CRITERIA_REPORT and row.status not in ("awaiting_submission", "returned"):
        return _with_follow_up(_criteria_report_tasks(row, title))
    if row.status in ("awaiting_submission", "returned"):
        kind = "revise" if row.status == "returned" else "submit"
        wanted[kind] = {"title": f"{KIND_RU[kind].capitalize()}: {title}", "candidate_roles": row.next_actor, **due}
    elif row.status == "under_review" and any(part.chain for part in review_parts(rule)):
        wanted.update(_review_tasks(rule, row, title))
    elif row.status == "in_progress" and row.runner in QUOTA_RUNNERS:
        progress = f"{row.progress or 0} из {row.target}" if row.target else ""
        wanted["record"] = {"title": f"{title}: {progress}".rstrip(": "), "candidate_roles": row.next_actor, **due}
    elif row.status == "in_progress" and row.runner == Runner.FRESHNESS:
        wanted["update"] = {"title": f"Вести реестр: {row.title}", "candidate_roles": row.next_actor}
    elif row.status == "in_progress" and row.runner == Runner.ROADMAP_ROW:
        # A dated roadmap row (D42): done and marked, or said done by the quarterly report (D44).
        wanted["perform"] = {"title": f"Выполнить и отметить: {row.title}", "candidate_roles": row.next_actor, **due}
    if row.pending_extension and row.status in ("awaiting_submission", "returned"):
        grantor = rule.review_chain[-1].role.value if rule.review_chain else "curator"
        until = row.pending_extension.get("until", "")
        wanted["extension"] = {
            "title": f"Решить о продлении срока до {until}: {title}",
            "candidate_roles": [grantor],
            **_review_due((row.reviews or {}).get(EXTENSION)),
        }
    return _with_follow_up(wanted)


def _criteria_report_tasks(row: Any, title: str) -> dict[str, dict[str, Any]]:
    """A criteria report sent (api/platform): СОГЛАСОВАНО by the host's head, УТВЕРЖДАЮ by the Department; once
    approved, the Department's decision on the next year and the outcomes the authors still await."""
    wanted: dict[str, dict[str, Any]] = {}
    if row.status == "under_review" and row.review_step == 0:
        wanted["agree"] = {"title": f"СОГЛАСОВАНО: {title}", "candidate_roles": row.next_actor}
    elif row.status == "under_review":
        wanted["approve"] = {"title": f"УТВЕРЖДАЮ: {title}", "candidate_roles": row.next_actor}
    elif row.status == "approved":
        if row.next_actor:
            wanted["decide_continuation"] = {
                "title": f"Решить о продолжении деятельности ОМП в {row.year + 1} году: {title}",
                "candidate_roles": row.next_actor,
            }
        if (row.target or 0) > (row.progress or 0):
            waiting = row.target - (row.progress or 0)
            wanted["record_outcome"] = {
                "title": f"Записать результаты заявок ({waiting}), объявленные после года: {title}",
                "candidate_roles": ["site_responsible", "site_director"],
            }
    return wanted


def _with_follow_up(wanted: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for task in wanted.values():
        task.setdefault("due_nominal", None)
        task.setdefault("due_effective", None)
        task.setdefault("due_ends_at", None)
        effective = task["due_effective"]
        task["follow_up"] = effective - timedelta(days=FOLLOW_UP_DAYS) if effective else None
    return wanted


def _expertise_tasks(row: Any) -> dict[str, dict[str, Any]]:
    """The tasks of a product's examination (D46–D51): the secretary assigns experts while the round has too few at
    work, each invited expert answers and each who accepted reviews (their own task, by their due dates), the chair
    brings the reviewed product to the council, and the site reworks it after a conclusion «на доработку»."""
    expertise = row.expertise or {}
    if not expertise:
        return {}
    title = f"«{expertise.get('title', row.title)}»"
    tasks: dict[str, dict[str, Any]] = {}
    assignments = expertise.get("assignments", [])
    if row.status == "assigning":
        active = sum(1 for a in assignments if a["status"] in ("invited", "accepted", "submitted"))
        needed = int(expertise.get("needed", 0))
        tasks["assign_experts"] = {
            "title": f"Назначить экспертов ({active} из {needed}): {title}",
            "candidate_roles": ["council_secretary"],
        }
    if row.status in ("assigning", "under_review"):
        for a in assignments:
            if a["status"] == "invited":
                due, ends = a["respond_by"], a["respond_ends_at"]
                kind, what = f"respond:{a['no']}", "Принять или отклонить назначение экспертом"
            elif a["status"] == "accepted" and a["review_due"]:
                due, ends = a["review_due"], a["review_ends_at"]
                kind, what = f"review_product:{a['no']}", "Написать рецензию"
            else:
                continue
            tasks[kind] = {
                "title": f"{what}: {title}",
                "candidate_roles": [],  # the assigned expert's own: no other expert sees it (D49: independent reviews)
                "assignee_id": a["expert_id"],
                "assignee_name": a["expert_name"],
                "due_nominal": date.fromisoformat(due),
                "due_effective": date.fromisoformat(due),
                "due_ends_at": datetime.fromisoformat(ends),
            }
    if row.status == "reviews_in":
        tasks["conclude"] = {"title": f"Рассмотреть на заседании совета: {title}", "candidate_roles": ["council_chair"]}
    if row.status == "rework":
        tasks["rework"] = {
            "title": f"Доработать и направить новую версию: {title}",
            "candidate_roles": ["site_director", "site_responsible"],
        }
    return tasks


def _review_due(review: dict[str, Any] | None) -> dict[str, Any]:
    """The due date of a review awaited by a date (``obligations.reviews``, D30, D32)."""
    if not review:
        return {}
    return {
        "due_nominal": date.fromisoformat(review["due_nominal"]),
        "due_effective": date.fromisoformat(review["due_effective"]),
        "due_ends_at": datetime.fromisoformat(review["due_ends_at"]),
    }


def _review_tasks(rule: Obligation, row: Any, title: str) -> dict[str, dict[str, Any]]:
    """The review tasks of a submission under review: one per reviewer awaited — the part of the submission under
    its own chain («review»), an item under a chain of its own («review_item», D33) — with the review's due date."""
    parts = row.review_parts or {}
    reviews = row.reviews or {}
    groups: dict[str, dict[str, Any]] = {}
    for part in review_parts(rule):
        progress = parts.get(part.key, row.review_step if not part.key else 0)
        if progress == "approved" or not part.chain:
            continue
        step = part.chain[min(int(progress), len(part.chain) - 1)]
        group = groups.setdefault(step.role.value, {"whole": False, "titles": [], "dues": []})
        group["whole"] = group["whole"] or not part.key
        label = step.title if not part.key else f"{step.title} ({part.title})"
        if label not in group["titles"]:
            group["titles"].append(label)
        due = _review_due(reviews.get(review_key(part.key)))
        if due:
            group["dues"].append(due)
    tasks: dict[str, dict[str, Any]] = {}
    for role, group in groups.items():
        kind = "review" if group["whole"] or not any(g["whole"] for g in groups.values()) else "review_item"
        if kind in tasks:
            kind = f"{kind}:{role}"
        due = min(group["dues"], key=lambda d: d["due_ends_at"]) if group["dues"] else {}
        titles = "; ".join(group["titles"])
        tasks[kind] = {"title": f"{titles}: {title}", "candidate_roles": [role], **due}
    return tasks


async def _site_scope(conn: AsyncConnection, site_id: str) -> dict[str, str]:
    if site_id.startswith("region:"):
        return {"region_id": site_id.split(":", 1)[1], "direction_id": "", "institution_id": ""}
    if site_id in _SCOPES:
        return _SCOPES[site_id]
    row = (await conn.execute(select(sites).where(sites.c.id == site_id))).one_or_none()
    if row is None:
        return {"region_id": "", "direction_id": "", "institution_id": ""}
    scope = {"region_id": row.region_id, "direction_id": row.direction_id, "institution_id": row.institution_id}
    _SCOPES[site_id] = scope
    return scope


# The statements of sync_tasks, built once: it runs in every append of an obligation's events.
_OPEN_TASKS = (
    select(
        func.coalesce(
            func.json_agg(aggregate_order_by(func.json_build_array(tasks.c.kind, tasks.c.task_id), tasks.c.task_id)),
            literal_column("'[]'::json"),
        )
    )
    .where(tasks.c.obligation_id == obligations.c.obligation_id, tasks.c.state == literal_column("'open'"))
    .scalar_subquery()
    .label("open_tasks")
)
# What sync_tasks reads of an obligation; a projector may hand it over from its UPDATE … RETURNING.
OBLIGATION_ROW = (*obligations.c, _OPEN_TASKS)
_OBLIGATION_WITH_OPEN_TASKS = select(*OBLIGATION_ROW).where(obligations.c.obligation_id == bindparam("oid"))
_REFRESHED = ("title", "candidate_roles", "due_nominal", "due_effective", "due_ends_at", "follow_up")
_REFRESH = (
    tasks.update()
    .where(tasks.c.task_id == bindparam("b_task_id"))
    .values({column: bindparam(f"b_{column}") for column in _REFRESHED})
)
_OPENED = tuple(column.name for column in tasks.c)  # a task opens as a whole row
_COMPLETE = (
    tasks.update()
    .where(tasks.c.task_id == func.any(bindparam("b_task_ids", type_=ARRAY(Text))))
    .values(state="completed", completed_at=bindparam("b_at"))
)


async def sync_tasks(
    conn: AsyncConnection, obligation_id: str, at: datetime, version: int, row: Any | None = None
) -> list[dict[str, Any]]:
    """Bring the tasks of an obligation in line with its state after the append that took its stream to
    ``version``; a task opened then is named after that version, so a rebuild names it alike. ``row`` is the
    obligation with its open tasks (OBLIGATION_ROW) as that append left it, when the caller has it. Returns the
    tasks it opened (their rows), which the people they concern are told of."""
    if row is None:
        row = (await conn.execute(_OBLIGATION_WITH_OPEN_TASKS, {"oid": obligation_id})).one_or_none()
    if row is None:
        return []
    wanted = wanted_tasks(row)
    done = []
    for kind, task_id in row.open_tasks:  # [kind, task id] of each open task
        if kind in wanted:
            values = wanted.pop(kind)
            await conn.execute(_REFRESH, {"b_task_id": task_id, **{f"b_{c}": values[c] for c in _REFRESHED}})
        else:
            done.append(task_id)
    if not wanted:
        if done:
            await conn.execute(_COMPLETE, {"b_task_ids": done, "b_at": at})
        return []
    scope = await _site_scope(conn, row.site_id)
    rows = [
        {
            "task_id": f"{obligation_id}:{kind}:{version}",
            "obligation_id": obligation_id,
            "key": row.key,
            "instance": row.instance,
            "regulation_id": row.regulation_id,
            "cycle_id": row.cycle_id,
            "site_id": row.site_id,
            "year": row.year,
            "kind": kind,
            "obligation_kind": row.kind,
            "state": "open",
            "created_at": at,
            "assignee_id": None,
            "assignee_name": None,
            "completed_at": None,
            # an institution's own forms (D34): only that institution's responsible person is asked to send them,
            # or to send them again once returned (a Vologda centre's figures, D11)
            "forms_of": forms_institution_of(bool(row.rule.get("per_institution")), row.instance)
            if kind in ("submit", "revise")
            else None,
            **scope,
            **values,
        }
        for kind, values in wanted.items()
    ]
    params = row_parameters(_OPENED, rows)
    if done:  # the task a step ends completes as the next one opens, in the same statement
        params.update({"b_task_ids": done, "b_at": at})
    await conn.execute(_open_statement(len(rows), bool(done)), params)
    return rows


@cache
def _open_statement(count: int, completing: bool) -> Any:
    """Insert ``count`` tasks (api.rows), and when ``completing``, complete the ``b_task_ids`` in a CTE."""
    opened = tasks.insert().from_select(_OPENED, parameter_rows(tasks, _OPENED, count))
    return opened.add_cte(_COMPLETE.cte("completed")) if completing else opened


async def on_claimed(conn: AsyncConnection, stored: StoredEvent, event: TaskClaimed) -> None:
    await _assign(conn, event.task_id, event.assignee.user_id, event.assignee.full_name)


async def on_assigned(conn: AsyncConnection, stored: StoredEvent, event: TaskAssigned) -> None:
    await _assign(conn, event.task_id, event.assignee.user_id, event.assignee.full_name)


async def on_released(conn: AsyncConnection, stored: StoredEvent, event: TaskReleased) -> None:
    await _assign(conn, event.task_id, None, None)


async def _assign(conn: AsyncConnection, task_id: str, user_id: str | None, name: str | None) -> None:
    await conn.execute(tasks.update().where(tasks.c.task_id == task_id).values(assignee_id=user_id, assignee_name=name))


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    TaskClaimed: on_claimed,
    TaskAssigned: on_assigned,
    TaskReleased: on_released,
}
