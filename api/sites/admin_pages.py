"""The administrator's pages of the sites (площадки): every site with its region, organisation, direction,
status and status period; the forms that register a site and change its card. They call ``admin.py``, as the REST
routes do."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import FormDep, SessionDep
from api.organisations.admin import require_admin
from api.organisations.pages import DONE, invalid, refusal, text_of
from api.organisations.registry import list_regions, load_region, region_organisations, regulation_of_region
from api.problems import Problem
from api.runtime import RuntimeDep
from api.sites import admin
from api.web.forms import FormErrors, parsed
from api.web.render import redirect, render
from domain.sites import SITE_STATUS_RU, OrganisationKind

router = APIRouter(include_in_schema=False)

SITE_MESSAGES = {
    "id": "Код площадки — до 64 знаков: латинские буквы, цифры, точка, дефис или подчеркивание.",
    "region_id": "Выберите регион.",
    "institution_id": "Выберите организацию того же региона.",
    "direction_title": "Введите направление (тему) площадки, не короче 3 знаков.",
    "status": "Выберите статус, который знает регламент региона.",
    "status_since": "Введите дату начала срока действия статуса, например 01.01.2022.",
    "status_until": "Дата окончания указана неверно: нужен день, например 31.12.2022.",
    "citation": "Приказ — не длиннее 500 знаков.",
    "code": "Краткое обозначение — не длиннее 32 знаков.",
}
SITE_FIELDS = ("institution_id", "direction_title", "status", "status_since", "status_until", "citation", "code")


@router.get("/admin/sites")
async def sites_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    require_admin(session.principal)
    async with runtime.engine.connect() as conn:
        regions = await list_regions(conn)
    wanted = request.query_params.get("region", "")
    region = next((r for r in regions if r["id"] == wanted), None)
    cards = await admin.list_site_cards(runtime, region["id"] if region else None)
    return render(
        request,
        "sites/admin_sites.html",
        title=f"Площадки: {region['name']}" if region else "Площадки",
        admin_section="sites",
        regions=regions,
        region=region,
        cards=cards,
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


async def _site_form(
    request: Request,
    runtime: RuntimeDep,
    site_id: str | None,
    region_id: str,
    values: dict[str, str],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    async with runtime.engine.connect() as conn:
        region = await load_region(conn, region_id)
        if region is None:
            raise Problem(404, "not_found", "Регион не найден.")
        organisations = [
            (o.id, o.name)
            for o in await region_organisations(conn, region_id)
            if o.kind not in (OrganisationKind.AUTHORITY,)
        ]
    rules = regulation_of_region(region_id)
    statuses = [(s.value, SITE_STATUS_RU[s].capitalize()) for s in (rules.statuses if rules else ())]
    return render(
        request,
        "sites/admin_site_form.html",
        status_code=status_code,
        title=f"Площадка {site_id}" if site_id else "Новая площадка",
        admin_section="sites",
        site_id=site_id,
        region=region,
        regulation=rules,
        values=values,
        organisations=organisations,
        statuses=statuses,
        errors=errors or FormErrors(),
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


def _dates(values: dict[str, str]) -> dict[str, str | None]:
    """Dates as the form gives them (ДД.ММ.ГГГГ or ГГГГ-ММ-ДД) for the model; an empty end is «no end»."""
    result: dict[str, str | None] = dict(values)
    for name in ("status_since", "status_until"):
        text = values.get(name, "")
        parts = text.split(".")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            text = f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
        result[name] = text or None
    return result


@router.get("/admin/sites/new")
async def new_site_form(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    require_admin(session.principal)
    region_id = request.query_params.get("region", "")
    values = {"id": "", **dict.fromkeys(SITE_FIELDS, "")}
    return await _site_form(request, runtime, None, region_id, values)


@router.post("/admin/sites/new")
async def new_site(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    require_admin(session.principal)
    region_id = text_of(form, "region_id")
    values = {name: text_of(form, name) for name in ("id", *SITE_FIELDS)}
    body = parsed(admin.NewSite, {**_dates(values), "region_id": region_id})
    summary = "Площадка не создана: исправьте выделенные поля."
    if isinstance(body, FormErrors):
        errors = invalid(body, SITE_MESSAGES, summary)
        return await _site_form(request, runtime, None, region_id, values, errors, 422)
    fields = admin.SiteFields.model_validate(body.model_dump(exclude={"id", "region_id"}))
    try:
        await admin.save_site(runtime, session.principal, body.id, region_id, fields, new=True)
    except Problem as problem:
        errors = refusal(problem, summary)
        return await _site_form(request, runtime, None, region_id, values, errors, problem.status)
    return redirect(request, f"/admin/sites/{body.id}?done=created")


@router.get("/admin/sites/{site_id}")
async def site_form(site_id: str, request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    require_admin(session.principal)
    card = await admin.read_site_card(runtime, site_id)
    values = {name: card[name] or "" for name in SITE_FIELDS}
    for name in ("status_since", "status_until"):
        values[name] = card[name].strftime("%d.%m.%Y") if card[name] else ""
    return await _site_form(request, runtime, site_id, card["region_id"], values)


@router.post("/admin/sites/{site_id}")
async def change_site(
    site_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    require_admin(session.principal)
    region_id = await admin.existing_site_region(runtime, site_id)
    values = {name: text_of(form, name) for name in SITE_FIELDS}
    body = parsed(admin.SiteFields, _dates(values))
    summary = "Изменения не сохранены: исправьте выделенные поля."
    if isinstance(body, FormErrors):
        errors = invalid(body, SITE_MESSAGES, summary)
        return await _site_form(request, runtime, site_id, region_id, values, errors, 422)
    try:
        _card, changed, _closing = await admin.save_site(
            runtime, session.principal, site_id, region_id, body, new=False
        )
    except Problem as problem:
        errors = refusal(problem, summary)
        return await _site_form(request, runtime, site_id, region_id, values, errors, problem.status)
    return redirect(request, f"/admin/sites/{site_id}?done={'changed' if changed else 'unchanged'}")
