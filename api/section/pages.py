"""Pages of a Sverdlovsk methodological section (seed 000) and of the ОМЦ's control of a region's sections.

* ``GET /sections/{site}`` — the section: its leader and base organisation, the duties of its year with their state
  (the plan, the meetings of each half-year, the quarterly report of each quarter), the members with their consent,
  every election with its candidates, the open vote and each round's count, the materials of the year with the three
  requirements as checked, and the history; the forms each person may use there. The head of a member organisation,
  who reads nothing else of the section, sees there the workers of their organisation awaiting their consent.
* ``GET /sections/control/{region}?year=`` — the ОМЦ's control: sections without an approved plan, reports not in
  by their date at every tier, half-years without a meeting.

Each form posts to an address of its own and calls the function of ``api.section.commands`` the REST route calls; a
refusal shows the page again with the message next to the field and nothing recorded; a success goes back to the
page with a notice (post/redirect/get)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile

from api.access.principal import Principal
from api.access.session import FormDep, SessionDep
from api.files.store import download_response, readable_file, store_upload
from api.problems import Problem
from api.runtime import Runtime, RuntimeDep
from api.section import commands, control, views
from api.section.requests import (
    CandidateBody,
    CheckBody,
    ConsentBody,
    ElectionBody,
    MaterialBody,
    MemberBody,
    PlanMeetingBody,
    ReviseBody,
    VoteBody,
)
from api.tables import institutions, obligations, sites
from api.today import service_today
from api.web.forms import FormErrors, blank_to_none, errors_of, parsed
from api.web.render import redirect, render
from domain.periods import parse_period_key
from domain.regulations.sverdlovsk import CONSENT_TERM, MATERIAL_CHECKLIST, REGION_ID
from domain.section.membership import MEMBERSHIP_STATUS_RU, MembershipStatus
from domain.section.model import MEETING_FORMAT_RU
from domain.sites import SiteStatus
from domain.submission.events import STATUS_RU

router = APIRouter(include_in_schema=False)

NOTICES = {
    "proposed": "Работник предложен в состав секции: руководителю его организации пришла задача согласовать.",
    "consented": "Согласование записано.",
    "opened": "Выборы открыты: выдвиньте кандидатов.",
    "nominated": "Кандидат выдвинут.",
    "voted": "Голос записан.",
    "counted": "Итоги тура подведены.",
    "planned": "Заседание внесено в план.",
    "unplanned": "Заседание исключено из плана.",
    "plan_approved": "Строки плана утверждены вместе с файлом.",
    "submitted": "Материал представлен: руководителю базовой организации пришла задача проверить его.",
    "checked": "Проверка записана.",
    "revised": "Доработанный материал представлен снова.",
    "forwarded": "Материалы переданы в ОМЦ.",
}
LABELS = {
    "full_name": "Ф.И.О.",
    "position": "Должность",
    "organisation_id": "Организация",
    "contacts": "Контактная информация",
    "reason": "Причина",
    "on": "Дата согласования",
    "held_on": "Дата заседания",
    "person_id": "Кандидат — член секции",
    "position_since": "В занимаемой должности с",
    "voter_id": "Член секции",
    "candidate_id": "Голос",
    "title": "Название",
    "topic": "Тема заседания",
    "authors": "Авторы",
    "file": "Файл материала",
    "file_ids": "Файл материала",
    "comment": "Что доработать",
    "plan_on": "Дата заседания",
    "plan_format": "Форма проведения",
    "plan_topic": "Тема заседания",
    "plan_file": "Файл плана",
    **{r.key: r.text for r in MATERIAL_CHECKLIST},
}
PLAN_FIELDS = {"on": "plan_on", "format": "plan_format", "topic": "plan_topic"}  # the body's field -> the input
DUTIES = ("annual_plan", "section_meetings", "methodological_materials")
STATUS_TAG = {
    "approved": "green",
    "under_review": "blue",
    "returned": "red",
    "awaiting_submission": "yellow",
    "planned": "grey",
    "cancelled": "grey",
}
MEMBER_TAG = {
    MembershipStatus.PROPOSED.value: "yellow",
    MembershipStatus.CONSENTED.value: "green",
    MembershipStatus.REFUSED.value: "red",
    MembershipStatus.WITHDRAWN.value: "grey",
}
MATERIAL_TAG = {"submitted": "blue", "returned": "red", "checked": "green", "forwarded": "purple"}


def section_url(site_id: str) -> str:
    return f"/sections/{quote(site_id, safe='')}"


async def _organisations(runtime: Runtime, region_id: str) -> list[tuple[str, str]]:
    async with runtime.reads.connect() as conn:
        rows = await conn.execute(
            select(institutions.c.id, institutions.c.name)
            .where(institutions.c.region_id == region_id)
            .order_by(institutions.c.name)
        )
        return [(r.id, r.name) for r in rows]


async def _duties(runtime: Runtime, site_id: str, year: int) -> list[dict[str, Any]]:
    async with runtime.reads.connect() as conn:
        rows = await conn.execute(
            select(
                obligations.c.key,
                obligations.c.instance,
                obligations.c.title,
                obligations.c.status,
                obligations.c.effective_due,
            )
            .where(obligations.c.site_id == site_id, obligations.c.year == year, obligations.c.key.in_(DUTIES))
            .order_by(obligations.c.effective_due.nulls_last(), obligations.c.key, obligations.c.instance)
        )
        return [
            {
                "title": r.title,
                "instance": r.instance,
                "period": _period_ru(year, r.instance),
                "status_ru": _state(r.status, r.effective_due)[0],
                "tag": _state(r.status, r.effective_due)[1],
                "due": r.effective_due,
                "url": f"/sites/{quote(site_id, safe='')}/cycles/{year}/obligations/{r.key}/{quote(r.instance)}",
            }
            for r in rows
        ]


TIERS = (
    ("quarterly_report", "Секция → базовая организация"),
    ("district_quarterly_report", "Базовая организация → ОМЦ"),
    ("regional_quarterly_data", "ОМЦ → Министерство"),
)


async def _tiers(runtime: Runtime, site_id: str, year: int) -> list[dict[str, Any]]:
    """Each quarter's report at its three tiers (000:46, 54, 62): the section's, the district's of the base
    organisation the section works at (D10), the ОМЦ's of the region, each with its state and date."""
    async with runtime.reads.connect() as conn:
        section = (
            await conn.execute(select(sites.c.region_id, sites.c.institution_id).where(sites.c.id == site_id))
        ).one()
        tier_sites = [site_id]
        for status, column in (
            (SiteStatus.BASE_METHODOLOGICAL_ORGANISATION, sites.c.institution_id == section.institution_id),
            (SiteStatus.METHODOLOGICAL_CENTRE, sites.c.region_id == section.region_id),
        ):
            found = (
                await conn.execute(select(sites.c.id).where(sites.c.status == status.value, column).limit(1))
            ).scalar_one_or_none()
            tier_sites.append(found or "")
        rows = await conn.execute(
            select(
                obligations.c.site_id,
                obligations.c.key,
                obligations.c.instance,
                obligations.c.status,
                obligations.c.effective_due,
            ).where(
                obligations.c.site_id.in_([s for s in tier_sites if s]),
                obligations.c.year == year,
                obligations.c.key.in_([key for key, _ in TIERS]),
            )
        )
        found_rows = {(r.site_id, r.key, r.instance): r for r in rows}
    quarters = []
    for index in range(1, 5):
        cells = []
        for (key, title), tier_site in zip(TIERS, tier_sites, strict=True):
            row = found_rows.get((tier_site, key, f"Q{index}"))
            cells.append(
                {
                    "title": title,
                    "status_ru": _state(row.status, row.effective_due)[0] if row else "цикл уровня не открыт",
                    "tag": _state(row.status, row.effective_due)[1] if row else "grey",
                    "due": row.effective_due if row else None,
                }
            )
        quarters.append({"period": f"{index} квартал {year}", "tiers": cells})
    return quarters


def _state(status: str, due: Any) -> tuple[str, str]:
    """The words and the colour of an obligation's state; one still awaited after its date is overdue."""
    if status in ("awaiting_submission", "returned") and due is not None and due < service_today():
        return f"{STATUS_RU.get(status, status)} — просрочено", "red"
    return STATUS_RU.get(status, status), STATUS_TAG.get(status, "blue")


def _period_ru(year: int, instance: str) -> str:
    try:
        return parse_period_key(year, instance).title_ru()
    except ValueError:
        return f"{year} год"


async def _own_members(runtime: Runtime, principal: Principal, site_id: str) -> list[dict[str, Any]]:
    """The workers of the organisations the caller heads proposed to the section (a member organisation's head),
    with where each stands; the ones awaiting consent carry its form."""
    async with runtime.reads.connect() as conn:
        exists = (await conn.execute(select(sites.c.id).where(sites.c.id == site_id))).scalar_one_or_none()
        if exists is None:
            return []
        state = await commands.composition(conn, site_id)
    return [
        {
            "person_id": m.member.person_id,
            "full_name": m.member.full_name,
            "position": m.member.position,
            "organisation": m.member.organisation_name,
            "pending": m.status == MembershipStatus.PROPOSED,
            "status_ru": MEMBERSHIP_STATUS_RU[m.status],
            "tag": MEMBER_TAG[m.status.value],
            "term": views.term_view(m.consent_due, CONSENT_TERM) if m.status == MembershipStatus.PROPOSED else None,
        }
        for m in state.memberships
        if commands.organisation_head(principal, m.member.organisation_id).roles
    ]


async def _page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    site_id: str,
    year: int | None = None,
    status_code: int = 200,
    notice: str = "",
    errors: FormErrors | None = None,
    form: str = "",
    values: dict[str, Any] | None = None,
) -> Response:
    year = year or service_today().year
    try:
        async with runtime.reads.connect() as conn:
            section = await views.section_view(conn, principal, site_id, year)
            history = await views.history(conn, principal, site_id)
    except Problem as problem:
        consents = await _own_members(runtime, principal, site_id) if problem.status == 404 else []
        if not consents:
            raise
        return render(
            request,
            "section/consent.html",
            status_code=status_code,
            title="Согласование состава методической секции",
            consents=consents,
            url=section_url(site_id),
            notice=NOTICES.get(notice, ""),
            errors=errors,
            form=form,
            values=values or {},
            labels=LABELS,
            today=service_today(),
        )
    current = next((e for e in reversed(section["elections"]) if e["status"] != "elected"), None)
    members = [m for m in section["members"] if m["status"] == MembershipStatus.CONSENTED.value]
    standing = [c for c in current["candidates"] if c["standing"]] if current else []
    return render(
        request,
        "section/section.html",
        status_code=status_code,
        title=section["name"],
        s=section,
        url=section_url(site_id),
        duties=await _duties(runtime, site_id, year),
        tiers=await _tiers(runtime, site_id, year),
        formats=[(f.value, text) for f, text in MEETING_FORMAT_RU.items()],
        current=current,
        member_options=[(m["person_id"], m["full_name"]) for m in members],
        voter_options=[(v["person_id"], v["full_name"]) for v in current["not_voted"]] if current else [],
        candidate_options=[(c["person_id"], c["full_name"]) for c in standing],
        organisations=await _organisations(runtime, REGION_ID) if section["may"]["propose"] else [],
        history=list(reversed(history)),
        notice=NOTICES.get(notice, ""),
        errors=errors,
        form=form,
        values=values or {},
        labels=LABELS,
        member_tag=MEMBER_TAG,
        material_tag=MATERIAL_TAG,
        today=service_today(),
    )


@router.get("/sections/control/{region_id}")
async def control_page(
    request: Request, region_id: str, runtime: RuntimeDep, session: SessionDep, year: int | None = None
) -> Response:
    year = year or service_today().year
    async with runtime.reads.connect() as conn:
        view = await control.control_view(conn, session.principal, region_id, year)
    return render(
        request,
        "section/control.html",
        title=f"Контроль работы методических секций, {year} год",
        v=view,
        year=year,
        region_id=region_id,
    )


@router.get("/sections/{site_id}")
async def section_page(
    request: Request, site_id: str, runtime: RuntimeDep, session: SessionDep, notice: str = "", year: int | None = None
) -> Response:
    return await _page(request, runtime, session.principal, site_id, year, notice=notice)


@router.get("/sections/{site_id}/files/{file_id}")
async def section_file(site_id: str, file_id: str, runtime: RuntimeDep, session: SessionDep) -> Response:
    """A file of a material, for whoever reads the section (as ``GET /api/files/{id}``)."""
    return download_response(await readable_file(runtime, session.principal, file_id))


@router.get("/sections/{site_id}/{action:path}")
async def form_address(request: Request, site_id: str, action: str, session: SessionDep) -> Response:
    """The address a form posts to, opened as a page (a refusal refreshed or bookmarked): the section's page."""
    return redirect(request, section_url(site_id))


def _values(form: FormData, *names: str) -> dict[str, Any]:
    return {name: str(form.get(name) or "").strip() for name in names}


async def _act(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    site_id: str,
    form_name: str,
    values: dict[str, Any],
    model: type[BaseModel] | None,
    act: Callable[[Any], Awaitable[Any]],
    done: str,
    year: int | None = None,
) -> Response:
    """Read the form into ``model``, send the command; back to the page with the notice ``done``, or the page again
    with what went wrong next to its field."""
    body: Any = None
    if model is not None:
        # a field left blank is absent: its default applies, or it is refused as required
        read = parsed(model, {k: v for k, v in blank_to_none(values).items() if v is not None})
        if isinstance(read, FormErrors):
            return await _page(
                request, runtime, principal, site_id, year, 422, errors=read, form=form_name, values=values
            )
        body = read
    try:
        await act(body)
    except Problem as problem:
        if problem.status in (403, 404) or problem.status >= 500:
            raise
        return await _page(
            request, runtime, principal, site_id, year, problem.status, errors=errors_of(problem), form=form_name,
            values=values,
        )  # fmt: skip
    suffix = f"&year={year}" if year else ""
    return redirect(request, f"{section_url(site_id)}?notice={done}{suffix}")


@router.post("/sections/{site_id}/members")
async def propose(request: Request, site_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    values = _values(form, "full_name", "position", "organisation_id", "contacts")
    p = session.principal
    return await _act(
        request, runtime, p, site_id, "members", values, MemberBody,
        lambda body: commands.propose_member(runtime, p, site_id, body), "proposed",
    )  # fmt: skip


@router.post("/sections/{site_id}/members/{person_id}/consent")
async def consent(
    request: Request, site_id: str, person_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    values = {**_values(form, "on", "reason"), "consent": form.get("decision") == "consent"}
    p = session.principal
    return await _act(
        request, runtime, p, site_id, f"consent-{person_id}", values, ConsentBody,
        lambda body: commands.answer_consent(runtime, p, site_id, person_id, body), "consented",
    )  # fmt: skip


@router.post("/sections/{site_id}/elections")
async def open_election(
    request: Request, site_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    return await _act(
        request, runtime, p, site_id, "election", _values(form, "held_on"), ElectionBody,
        lambda body: commands.open_election(runtime, p, site_id, body), "opened",
    )  # fmt: skip


@router.post("/sections/{site_id}/elections/{election_no}/candidates")
async def nominate(
    request: Request, site_id: str, election_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    values = _values(form, "person_id", "position_since")
    return await _act(
        request, runtime, p, site_id, "candidates", values, CandidateBody,
        lambda body: commands.nominate(runtime, p, site_id, election_no, body), "nominated",
    )  # fmt: skip


@router.post("/sections/{site_id}/elections/{election_no}/votes")
async def vote(
    request: Request, site_id: str, election_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    values = _values(form, "voter_id", "candidate_id")
    return await _act(
        request, runtime, p, site_id, "votes", values, VoteBody,
        lambda body: commands.cast_vote(runtime, p, site_id, election_no, body), "voted",
    )  # fmt: skip


@router.post("/sections/{site_id}/elections/{election_no}/count")
async def count(
    request: Request, site_id: str, election_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    return await _act(
        request, runtime, p, site_id, "votes", {}, None,
        lambda _: commands.close_round(runtime, p, site_id, election_no), "counted",
    )  # fmt: skip


@router.post("/sections/{site_id}/plans/{year}/meetings")
async def plan_meeting(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    """The plan's inputs are named ``plan_on``, ``plan_format``, ``plan_topic``: the page has a material's «topic» and
    an election's date too, and two inputs of one id would leave a label pointing at the wrong one."""
    p = session.principal
    shown = _values(form, *PLAN_FIELDS.values())
    values = {field: shown[name] for field, name in PLAN_FIELDS.items()}
    read = parsed(PlanMeetingBody, {k: v for k, v in values.items() if v})
    errors = read if isinstance(read, FormErrors) else None
    if errors is None:
        assert isinstance(read, PlanMeetingBody)
        try:
            await commands.add_plan_meeting(runtime, p, site_id, year, read)
        except Problem as problem:
            if problem.status in (403, 404) or problem.status >= 500:
                raise
            errors = errors_of(problem)
    if errors is not None:
        renamed = FormErrors(
            summary=errors.summary, fields={PLAN_FIELDS.get(k, k): v for k, v in errors.fields.items()}
        )
        return await _page(request, runtime, p, site_id, year, 422, errors=renamed, form="plan", values=shown)
    return redirect(request, f"{section_url(site_id)}?notice=planned&year={year}")


@router.post("/sections/{site_id}/plans/{year}/meetings/{on}/removal")
async def unplan_meeting(
    request: Request, site_id: str, year: int, on: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    return await _act(
        request, runtime, p, site_id, "plan", {}, None,
        lambda _: commands.remove_plan_meeting(runtime, p, site_id, year, on), "unplanned", year,
    )  # fmt: skip


@router.post("/sections/{site_id}/plans/{year}/approval")
async def approve_plan(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    return await _act(
        request, runtime, p, site_id, "plan_approval", {}, None,
        lambda _: commands.approve_plan(runtime, p, site_id, year), "plan_approved", year,
    )  # fmt: skip


def _upload(form: FormData, name: str = "file") -> UploadFile | None:
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None


@router.post("/sections/{site_id}/materials/{year}")
async def submit_material(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    values = _values(form, "title", "topic", "authors")
    chosen = _upload(form)
    if chosen is None:
        errors = FormErrors(summary="Приложите файл материала.", fields={"file": "Выберите файл материала"})
        return await _page(request, runtime, p, site_id, year, 422, errors=errors, form="materials", values=values)

    async def act(body: Any) -> None:
        stored = await store_upload(runtime, p, site_id, chosen)
        checked = body.model_copy(update={"file_ids": [stored.file_id]})
        await commands.submit_material(runtime, p, site_id, year, checked)

    authors = [a.strip() for a in str(values["authors"]).split(",") if a.strip()]
    read = {**values, "authors": authors, "file_ids": ["pending"]}
    return await _act(request, runtime, p, site_id, "materials", read, MaterialBody, act, "submitted", year)


@router.post("/sections/{site_id}/materials/{year}/{material_no}/check")
async def check_material(
    request: Request, site_id: str, year: int, material_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    checks = {r.key: form.get(r.key) == "yes" for r in MATERIAL_CHECKLIST}
    values = {"checks": checks, "comment": str(form.get("comment") or "").strip()}
    return await _act(
        request, runtime, p, site_id, f"check-{material_no}", values, CheckBody,
        lambda body: commands.check_material(runtime, p, site_id, year, material_no, body), "checked", year,
    )  # fmt: skip


@router.post("/sections/{site_id}/materials/{year}/{material_no}/revision")
async def revise_material(
    request: Request, site_id: str, year: int, material_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    field = f"revised_file_{material_no}"  # one input per returned material: ids stay unique on the page
    chosen = _upload(form, field)
    if chosen is None:
        errors = FormErrors(summary="Приложите доработанный файл.", fields={field: "Выберите файл материала"})
        return await _page(request, runtime, p, site_id, year, 422, errors=errors, form=f"revise-{material_no}")

    async def act(body: Any) -> None:
        stored = await store_upload(runtime, p, site_id, chosen)
        await commands.revise_material(runtime, p, site_id, year, material_no, ReviseBody(file_ids=[stored.file_id]))

    return await _act(request, runtime, p, site_id, f"revise-{material_no}", {}, None, act, "revised", year)


@router.post("/sections/{site_id}/materials/{year}/forwarding")
async def forward(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    p = session.principal
    return await _act(
        request, runtime, p, site_id, "forward", {}, None,
        lambda _: commands.forward_materials(runtime, p, site_id, year), "forwarded", year,
    )  # fmt: skip
