"""Everything the obligation page shows, read once per request: the obligation as the REST API answers it
(``obligation_detail``, with why it is due then), its site, what the person may do now (``actions.allowed``),
the working days left by the production calendar, the documents in force an unchanged document stands on (D25),
the indicators and the approved roadmap a report accounts for, the history in time order, and a form's state
(prefilled from the returned version, or as the person left it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.calendar.service import calendar_for
from api.files.store import megabytes
from api.obligations.access import Target, actor_for, forms_institution, visible_obligation_on
from api.obligations.actions import Allowed, allowed
from api.obligations.commands import versions_in_force
from api.obligations.detail import obligation_detail
from api.obligations.forms import BLANK_ROWS, MEETING_FORMATS, ROADMAP_COLUMNS, FormState
from api.obligations.history import history
from api.obligations.institutions import correction_view, forms_of_period
from api.obligations.rules import rule_of
from api.runtime import Runtime
from api.tables import institutions, products, roadmap_rows, sites
from domain.cycle import snapshot_for
from domain.files import FileRef
from domain.payloads import STANDING_STATE_RU, required_form
from domain.people import ROLE_RU
from domain.periods import Period, parse_period_key
from domain.product.model import PRODUCT_STATUS_RU, ProductStatus
from domain.regulations.catalog import REGULATIONS, role_title
from domain.regulations.model import Indicator, Obligation
from domain.regulations.participants import minimums_of
from domain.roadmap.model import ROW_STATUS_RU, RoadmapRow
from domain.sites import Site

WAITING = ("awaiting_submission", "returned", "in_progress")
ZONES_RU = {"Asia/Yekaterinburg": "время Екатеринбурга, UTC+5", "Europe/Moscow": "московское время, UTC+3"}


def page_url(where: Target) -> str:
    return f"/sites/{where.site_id}/cycles/{where.year}/obligations/{where.key}/{where.instance}"


def regulation_url(regulation_id: str, key: str) -> str:
    """Where the regulations' page shows this obligation's rule."""
    return f"/regulations/{regulation_id}#obligation-{key}"


async def institution_name(conn: AsyncConnection, site_id: str) -> str:
    query = select(institutions.c.short_name).join(sites, sites.c.institution_id == institutions.c.id)
    name = (await conn.execute(query.where(sites.c.id == site_id))).scalar_one_or_none()
    return str(name or "")


async def institution_title(conn: AsyncConnection, institution_id: str | None) -> str:
    """The full name of the institution whose own forms an obligation is (D34); "" for any other obligation."""
    if institution_id is None:
        return ""
    query = select(institutions.c.name).where(institutions.c.id == institution_id)
    return str((await conn.execute(query)).scalar_one_or_none() or institution_id)


async def approved_roadmap(conn: AsyncConnection, cycle_id: str) -> list[RoadmapRow]:
    """The roadmap approved with the cycle's package, as the report that accounts for it is checked against."""
    query = select(roadmap_rows).where(roadmap_rows.c.cycle_id == cycle_id).order_by(roadmap_rows.c.position)
    return [
        RoadmapRow(
            no=r.no,
            section=r.section,
            item=r.item,
            deadline=r.deadline,
            responsible=r.responsible,
            responsible_is_external=r.responsible_is_external,
            expected_result=r.expected_result,
        )
        for r in (await conn.execute(query)).all()
    ]


def indicators_of(site: Site, row: Any, rule: Obligation) -> tuple[Indicator, ...]:
    """The definitions of the indicators the obligation asks for, as the cycle's snapshot has them."""
    if not rule.indicators:
        return ()
    snapshot = snapshot_for(REGULATIONS[row.regulation_id], site, row.year)
    found = {i.key: i for i in snapshot.indicators}
    return tuple(found[key] for key in rule.indicators if key in found)


async def report_inputs(
    conn: AsyncConnection, site: Site, row: Any, rule: Obligation
) -> tuple[tuple[Indicator, ...], list[RoadmapRow]]:
    roadmap = await approved_roadmap(conn, row.cycle_id) if rule.reports_roadmap else []
    return indicators_of(site, row, rule), roadmap


async def working_days_left(conn: AsyncConnection, effective: date, timezone: str) -> int:
    """Working days from today (in the region) to ``effective``: 0 on the day itself, negative once past."""
    today = datetime.now(ZoneInfo(timezone)).date()
    years = range(min(today, effective).year, max(today, effective).year + 1)
    return (await calendar_for(conn, years)).working_days_left(today, effective)


def prefilled(detail: dict[str, Any]) -> FormState:
    """The submit form of a returned obligation, filled with the version that came back: its files kept, its
    roadmap, indicators or meeting as they were, so only what the reviewer asked for needs changing."""
    state = FormState(name="submit")
    if detail["runner"] != "submission" or detail["status"] != "returned" or not detail["submissions"]:
        return state
    submissions = detail["submissions"]
    last = submissions[-1]
    state.unchanged = list(last["unchanged"])
    state.kept = {
        key: {"file_id": ref["file_id"], "filename": ref["filename"]}
        for key, ref in last["items"].items()
        if key not in state.unchanged
    }
    data = last["data"] or {}
    values = state.values
    if data.get("form") == "package":
        for index, line in enumerate(data["roadmap"]):
            for name, _ in ROADMAP_COLUMNS:
                values[f"data.roadmap.{index}.{name}"] = str(line.get(name) or "")
            if line.get("responsible_is_external"):
                values[f"data.roadmap.{index}.responsible_is_external"] = "on"
        state.rows = len(data["roadmap"]) + 1
    elif data.get("form") == "report":
        for value in data["indicators"]:
            base = f"data.indicators.{value['key']}"
            values[f"{base}.period_value"] = _shown(value["period_value"])
            values[f"{base}.ytd_value"] = _shown(value["ytd_value"])
            values[f"{base}.comment"] = value.get("comment") or ""
        for status in data["roadmap"]:
            for name in ("status", "fact_date", "result", "moved_to"):
                values[f"data.roadmap.{status['no']}.{name}"] = str(status.get(name) or "")
        values["data.narrative"] = data.get("narrative") or ""
        for duty in data.get("standing") or []:
            for name in ("state", "comment", "link"):
                values[f"data.standing.{duty['key']}.{name}"] = str(duty.get(name) or "")
            values[f"data.standing.{duty['key']}.kept"] = str(duty.get("file_id") or "")
        values["data.institutions_missing_reason"] = data.get("institutions_missing_reason") or ""
    elif data.get("form") == "monitoring":
        for figure in data.get("figures") or []:
            values[f"data.figures.{figure['key']}"] = str(figure["amount"]).replace(".", ",")
        for missing in data.get("centres_missing") or []:
            values[f"data.centres_missing.{missing['institution_id']}"] = missing["reason"]
    elif data.get("form") == "meeting":
        for name in ("held_on", "format", "link", "participants", "topic"):
            values[f"data.{name}"] = _shown(data.get(name))
    state.rows = max(state.rows, BLANK_ROWS)
    return state


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def field_labels(
    rule: Obligation, indicators: tuple[Indicator, ...], roadmap: list[RoadmapRow], rows: int
) -> dict[str, str]:
    """How the error summary names each field of the page's forms."""
    labels = {
        "items": "Документы",
        "unchanged": "Изменений нет",
        "note": "Комментарий к представлению",
        "data": "Сведения",
        "data.roadmap": "Дорожная карта",
        "data.indicators": "Показатели",
        "data.held_on": "Дата проведения",
        "data.format": "Формат",
        "data.link": "Ссылка",
        "data.participants": "Число участников",
        "data.topic": "Тема",
        "action": "Решение",
        "comment": "Комментарий",
        "until": "Новый срок",
        "reason": "Причина",
        "grant": "Решение о продлении",
        "title": "Название продукта",
        "item_kind": "Вид продукта",
        "targets": "Учреждения плана",
        "target": "Учреждение",
        "completed_on": "Дата завершения",
        "entries": "Число записей",
    }
    for item in rule.items:
        labels[f"items.{item.key}"] = f"{item.clause} {item.title}"
        labels[f"unchanged.{item.key}"] = f"{item.clause} {item.title}, изменений нет"
    for index in range(rows):
        for name, title in ROADMAP_COLUMNS:
            labels[f"data.roadmap.{index}.{name}"] = f"Дорожная карта, строка {index + 1}, «{title}»"
    for indicator in indicators:
        base = f"data.indicators.{indicator.key}"
        labels[base] = f"Показатель {indicator.key}"
        labels[f"{base}.period_value"] = f"Показатель {indicator.key}, за период"
        labels[f"{base}.ytd_value"] = f"Показатель {indicator.key}, с начала года"
    for line in roadmap:
        base = f"data.roadmap.{line.no}"
        labels[base] = f"Дорожная карта, строка {line.no}"
        labels[f"{base}.status"] = f"Дорожная карта, строка {line.no}, состояние"
        labels[f"{base}.fact_date"] = f"Дорожная карта, строка {line.no}, дата выполнения"
        labels[f"{base}.participants"] = f"Дорожная карта, строка {line.no}, число участников"
    labels["data.format_reason"] = "Причина, если отчет проведен не по ВКС"
    labels["data.institutions_missing_reason"] = "Почему нет форм учреждений"
    labels["data.centres_missing"] = "Почему без сведений центров"
    for key in rule.standing_duties:
        labels[f"data.standing.{key}"] = f"Постоянная обязанность «{key}»"
        labels[f"data.standing.{key}.link"] = "Ссылка, подтверждающая исполнение"
        labels[f"data.standing.{key}.file"] = "Файл, подтверждающий исполнение"
        labels[f"data.standing.{key}.file_id"] = "Файл, подтверждающий исполнение"
    return labels


def summary_lines(state: FormState, labels: dict[str, str]) -> list[tuple[str, str]]:
    """The error summary: a link to each field at fault, its message a sentence of its own or after its label."""
    lines = []
    for name, message in state.errors.fields.items():
        label = labels.get(name, "Поле")
        text = message if message[:1].isupper() else f"{label}: {message}"
        lines.append((name.replace(".", "-"), text))
    return lines


def _period(row: Any) -> Period | None:
    if not row.period_key:
        return None
    try:
        return parse_period_key(row.year, row.period_key)
    except ValueError:
        return None


async def site_products(conn: AsyncConnection, site_id: str) -> dict[str, Any]:
    """A product quota's page: the site's products by id (to link what the quota counted), and those it may send now
    (a draft, piloted, or reworked after the council's conclusion) — a product is sent from its own page (D51)."""
    rows = (
        await conn.execute(
            select(products.c.product_id, products.c.title, products.c.status)
            .where(products.c.site_id == site_id)
            .order_by(products.c.updated_at.desc())
        )
    ).all()
    return {
        "by_id": {
            r.product_id: {"title": r.title, "status_ru": PRODUCT_STATUS_RU[ProductStatus(r.status)]} for r in rows
        },
        "ready": [
            {"product_id": r.product_id, "title": r.title, "status_ru": PRODUCT_STATUS_RU[ProductStatus(r.status)]}
            for r in rows
            if r.status in (ProductStatus.DRAFT, ProductStatus.PILOTED, ProductStatus.REWORK)
        ],
    }


async def page_context(
    runtime: Runtime, principal: Principal, where: Target, state: FormState | None = None
) -> dict[str, Any]:
    """The obligation page's context for ``principal``; a form's ``state`` when a form is shown again."""
    kept_ids = [kept["file_id"] for kept in (state.kept.values() if state else [])]
    async with runtime.reads.connect() as conn:
        site, row = await visible_obligation_on(
            conn, principal, where.site_id, where.year, where.key, where.instance, kept_ids
        )
        detail = await obligation_detail(conn, row.obligation_id)
        assert detail is not None
        rule = rule_of(row)
        actor = actor_for(principal, site, row)
        may: Allowed = allowed(actor, row, rule, detail)
        in_force = await versions_in_force(conn, row) if may.attest_unchanged else {}
        register = detail["register"]
        if register is not None:  # the site's положение is the register's version in force, or none (QMS D13)
            in_force.pop(register["item"], None)
            current = register["in_force"]
            if may.attest_unchanged and current is not None and current["file"] is not None:
                in_force[register["item"]] = FileRef.model_validate(current["file"])
        indicators, roadmap = await report_inputs(conn, site, row, rule) if may.submit else ((), [])
        due = detail["due"]
        days_left = None
        if due is not None and row.status in WAITING:
            days_left = await working_days_left(conn, due["effective"], detail["timezone"])
        institution = await institution_name(conn, site.id)
        products = await site_products(conn, site.id) if may.record_product else {}
        institution_forms = await forms_of_period(conn, row)
        forms_of = await institution_title(conn, forms_institution(row))
    consolidation = None
    if rule.awaits_institution_forms and rule.measures and institution_forms:
        # A platform's summary beside its centres' accepted figures (Vologda D11): the sum, the figure sent, the
        # difference.
        sent = detail["submissions"][-1]["data"] if detail["submissions"] else None
        consolidation = correction_view(rule.measures, institution_forms, sent)
    if state is None:
        state = prefilled(detail)
        if consolidation is not None and may.submit and detail["status"] != "returned":
            # The summary starts from the centres' sum (D11): the form is filled with it, to correct where needed.
            for measure in consolidation["measures"]:
                if measure["centres_sum"] is not None:
                    state.values[f"data.figures.{measure['key']}"] = measure["centres_sum"].replace(".", ",")
    else:  # the files a form kept, named as stored for the site (an id of another site's file is dropped)
        named = {str(f["id"]): f for f in (row.named_files if kept_ids else [])}
        state.kept = {
            key: {"file_id": kept["file_id"], "filename": named[kept["file_id"]]["filename"]}
            for key, kept in state.kept.items()
            if kept["file_id"] in named
        }
    titles = {item.key: f"{item.clause} {item.title}" for item in rule.items}
    labels = field_labels(rule, indicators, roadmap, state.rows)
    period = _period(row)
    chain_step = row.review_step if row.status == "under_review" else None
    return {
        "where": where,
        "url": page_url(where),
        "site": site,
        # An institution's person acts on its own forms of a site it cannot read (5.2, D11): no crumbs into the site
        "reads_site": principal.can_read(site),
        "institution": institution,
        "ob": detail,
        "rule": rule,
        "period": period,
        "may": may,
        "actor": actor,
        "submitters_ru": [role_title(row.regulation_id, role) for role in rule.submitters],
        "next_you": [a["role_ru"] for a in detail["next_actor"] if a["role"] in {r.value for r in actor.roles}],
        "chain_step": chain_step,
        "regulation_url": regulation_url(row.regulation_id, row.key),
        "days_left": days_left,
        "in_force": in_force,
        "indicators": indicators,
        "roadmap": roadmap,
        "history": history(detail, titles),
        "open_escalations": [e for e in detail["escalations"] if e["open"]],
        "last_return": _last_return(detail),
        "state": state,
        "labels": labels,
        "summary": summary_lines(state, labels),
        "site_status": site.status,
        "zone_ru": ZONES_RU.get(detail["timezone"], detail["timezone"]),
        "data_form": required_form(rule),
        "measure_titles": {m.key: m.title if m.unit in m.title else f"{m.title}, {m.unit}" for m in rule.measures},
        "accepts": {item.key: ",".join(f".{f.value}" for f in item.formats) for item in rule.items},
        "max_upload": megabytes(runtime.config.max_upload_bytes),
        "roadmap_columns": ROADMAP_COLUMNS,
        "row_status_ru": ROW_STATUS_RU,
        "meeting_formats": dict(MEETING_FORMATS),
        "products": products,
        "participant_minimums": {m.row_no: m for m in minimums_of(row.regulation_id, site.id)},
        "target_options": [(t, t) for t in (detail["targets"] or [])],
        "roles_ru": {role.value: role_title(row.regulation_id, role) for role in ROLE_RU},
        "institution_forms": institution_forms,
        "consolidation": consolidation,
        "forms_of": forms_of,
        "standing_duties": standing_duties(row.regulation_id, rule),
        "standing_state_ru": STANDING_STATE_RU,
    }


def standing_duties(regulation_id: str, rule: Obligation) -> list[Obligation]:
    """The standing duties whose state the report asks for (D37), as the regulation states them."""
    regulation = REGULATIONS.get(regulation_id)
    if regulation is None or not rule.standing_duties:
        return []
    known = {o.key: o for o in regulation.obligations}
    return [known[key] for key in rule.standing_duties if key in known]


def _last_return(detail: dict[str, Any]) -> dict[str, Any] | None:
    """The reviewer's return the submitter must answer now, with its comment."""
    if detail["status"] != "returned":
        return None
    returns = [d for d in detail.get("decisions", []) if d["action"] == "return"]
    return returns[-1] if returns else None
