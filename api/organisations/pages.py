"""Pages of the registry (администратор): the regions with their time zone, authority and regulation; a region's
organisations as a tree (дерево иерархии); the forms that register and change both. They call the functions the
REST routes call (``admin.py``): the same rights, checks and Russian messages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.access.session import FormDep, SessionDep
from api.organisations import admin
from api.organisations.bodies import NewOrganisation, NewRegion, OrganisationFields, RegionFields
from api.organisations.registry import list_regions, load_region, organisation_tree, region_organisations
from api.problems import Problem
from api.runtime import RuntimeDep
from api.web.forms import FormErrors, errors_of, parsed
from api.web.render import redirect, render
from domain.sites import ORGANISATION_KIND_RU, OrganisationKind

router = APIRouter(include_in_schema=False)

REGION_MESSAGES = {
    "id": "Код региона — две или три цифры, например 35.",
    "name": "Введите название региона (не короче 3 знаков).",
    "timezone": "Укажите часовой пояс по базе IANA, например Europe/Moscow.",
    "authority_id": "Выберите орган власти из списка.",
}
ORGANISATION_MESSAGES = {
    "id": "Код — от 2 до 64 знаков: строчные латинские буквы, цифры, точка, дефис или подчеркивание.",
    "region_id": "Выберите регион.",
    "kind": "Выберите вид организации.",
    "name": "Введите полное название (не короче 3 знаков).",
    "short_name": "Введите краткое название (не короче 2 знаков).",
    "city": "Населенный пункт — не длиннее 200 знаков.",
    "parent_id": "Выберите вышестоящую организацию из списка.",
}
DONE = {
    "created": "Запись создана.",
    "changed": "Изменения сохранены.",
    "unchanged": "Изменений нет: данные остались прежними.",
}
KIND_OPTIONS = [(kind.value, ORGANISATION_KIND_RU[kind].capitalize()) for kind in OrganisationKind]


def text_of(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def invalid(errors: FormErrors, messages: dict[str, str], summary: str) -> FormErrors:
    """A form's validation errors, each said as a whole sentence (the same one beside the field and on top)."""
    return FormErrors(summary=summary, fields={n: messages.get(n, m) for n, m in errors.fields.items()})


def refusal(problem: Problem, summary: str) -> FormErrors:
    errors = errors_of(problem)
    if not errors.fields:
        return FormErrors(summary=problem.detail)
    return FormErrors(summary=summary, fields=errors.fields)


# --- regions ------------------------------------------------------------------------------------------------------


@router.get("/admin/regions")
async def regions_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    admin.require_admin(session.principal)
    async with runtime.engine.connect() as conn:
        regions = await list_regions(conn)
    return render(
        request,
        "organisations/regions.html",
        title="Регионы",
        admin_section="regions",
        regions=regions,
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


async def _region_form(
    request: Request,
    runtime: RuntimeDep,
    region_id: str | None,
    values: dict[str, str],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    authorities: list[tuple[str, str]] = []
    if region_id is not None:
        async with runtime.engine.connect() as conn:
            authorities = [
                (o.id, o.name)
                for o in await region_organisations(conn, region_id)
                if o.kind == OrganisationKind.AUTHORITY
            ]
    return render(
        request,
        "organisations/region_form.html",
        status_code=status_code,
        title=f"Регион {values.get('name') or region_id}" if region_id else "Новый регион",
        admin_section="regions",
        region_id=region_id,
        values=values,
        authorities=authorities,
        errors=errors or FormErrors(),
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


@router.get("/admin/regions/new")
async def new_region_form(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    admin.require_admin(session.principal)
    return await _region_form(request, runtime, None, {"id": "", "name": "", "timezone": "Europe/Moscow"})


@router.post("/admin/regions/new")
async def new_region(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    admin.require_admin(session.principal)
    values = {name: text_of(form, name) for name in ("id", "name", "timezone")}
    body = parsed(NewRegion, values)
    summary = "Регион не создан: исправьте выделенные поля."
    if isinstance(body, FormErrors):
        return await _region_form(request, runtime, None, values, invalid(body, REGION_MESSAGES, summary), 422)
    try:
        await admin.create_region(runtime, session.principal, body)
    except Problem as problem:
        return await _region_form(request, runtime, None, values, refusal(problem, summary), problem.status)
    return redirect(request, f"/admin/regions/{body.id}?done=created")


@router.get("/admin/regions/{region_id}")
async def region_form(region_id: str, request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    admin.require_admin(session.principal)
    region = await admin.read_region(runtime, region_id)
    values = {k: region[k] or "" for k in ("name", "timezone", "authority_id")}
    return await _region_form(request, runtime, region_id, values)


@router.post("/admin/regions/{region_id}")
async def change_region(
    region_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    admin.require_admin(session.principal)
    await admin.read_region(runtime, region_id)
    values = {name: text_of(form, name) for name in ("name", "timezone", "authority_id")}
    body = parsed(RegionFields, {**values, "authority_id": values["authority_id"] or None})
    summary = "Изменения не сохранены: исправьте выделенные поля."
    if isinstance(body, FormErrors):
        return await _region_form(request, runtime, region_id, values, invalid(body, REGION_MESSAGES, summary), 422)
    try:
        _region, changed = await admin.save_region(runtime, session.principal, region_id, body, new=False)
    except Problem as problem:
        return await _region_form(request, runtime, region_id, values, refusal(problem, summary), problem.status)
    return redirect(request, f"/admin/regions/{region_id}?done={'changed' if changed else 'unchanged'}")


# --- organisations ------------------------------------------------------------------------------------------------


async def _chosen_region(runtime: RuntimeDep, request: Request, regions: list[dict[str, Any]]) -> str:
    wanted = request.query_params.get("region", "")
    known = [r["id"] for r in regions]
    return wanted if wanted in known else (known[0] if known else "")


@router.get("/admin/organisations")
async def organisations_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    admin.require_admin(session.principal)
    async with runtime.engine.connect() as conn:
        regions = await list_regions(conn)
        region_id = await _chosen_region(runtime, request, regions)
        tree = await organisation_tree(conn, region_id) if region_id else []
    region = next((r for r in regions if r["id"] == region_id), None)
    return render(
        request,
        "organisations/organisations.html",
        title=f"Организации: {region['name']}" if region else "Организации",
        admin_section="organisations",
        regions=regions,
        region=region,
        tree=tree,
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


async def _organisation_form(
    request: Request,
    runtime: RuntimeDep,
    organisation_id: str | None,
    region_id: str,
    values: dict[str, str],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    async with runtime.engine.connect() as conn:
        region = await load_region(conn, region_id)
        if region is None:
            raise Problem(404, "not_found", "Регион не найден.")
        parents = [
            (o.id, f"{o.short_name} — {ORGANISATION_KIND_RU[o.kind]}")
            for o in await region_organisations(conn, region_id)
            if o.id != organisation_id
        ]
    return render(
        request,
        "organisations/organisation_form.html",
        status_code=status_code,
        title=values.get("name") or "Новая организация" if organisation_id else "Новая организация",
        admin_section="organisations",
        organisation_id=organisation_id,
        region=region,
        values=values,
        kinds=KIND_OPTIONS,
        parents=parents,
        errors=errors or FormErrors(),
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


ORGANISATION_FIELDS = ("kind", "name", "short_name", "city", "parent_id")


@router.get("/admin/organisations/new")
async def new_organisation_form(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    admin.require_admin(session.principal)
    region_id = request.query_params.get("region", "")
    values = {"id": "", **dict.fromkeys(ORGANISATION_FIELDS, ""), "kind": OrganisationKind.MEMBER.value}
    values["parent_id"] = request.query_params.get("parent", "")
    return await _organisation_form(request, runtime, None, region_id, values)


@router.post("/admin/organisations/new")
async def new_organisation(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    admin.require_admin(session.principal)
    region_id = text_of(form, "region_id")
    values = {name: text_of(form, name) for name in ("id", *ORGANISATION_FIELDS)}
    body = parsed(NewOrganisation, {**values, "region_id": region_id, "parent_id": values["parent_id"] or None})
    summary = "Организация не создана: исправьте выделенные поля."
    if isinstance(body, FormErrors):
        errors = invalid(body, ORGANISATION_MESSAGES, summary)
        return await _organisation_form(request, runtime, None, region_id, values, errors, 422)
    fields = OrganisationFields.model_validate(body.model_dump(exclude={"id", "region_id"}))
    try:
        await admin.save_organisation(runtime, session.principal, body.id, region_id, fields, new=True)
    except Problem as problem:
        errors = refusal(problem, summary)
        return await _organisation_form(request, runtime, None, region_id, values, errors, problem.status)
    return redirect(request, f"/admin/organisations?region={region_id}&done=created#org-{body.id}")


@router.get("/admin/organisations/{organisation_id}")
async def organisation_form(
    organisation_id: str, request: Request, runtime: RuntimeDep, session: SessionDep
) -> Response:
    admin.require_admin(session.principal)
    organisation = await admin.read_organisation(runtime, organisation_id)
    values = {name: organisation[name] or "" for name in ORGANISATION_FIELDS}
    return await _organisation_form(request, runtime, organisation_id, organisation["region_id"], values)


@router.post("/admin/organisations/{organisation_id}")
async def change_organisation(
    organisation_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    admin.require_admin(session.principal)
    region_id = await admin.existing_organisation_region(runtime, organisation_id)
    values = {name: text_of(form, name) for name in ORGANISATION_FIELDS}
    body = parsed(OrganisationFields, {**values, "parent_id": values["parent_id"] or None})
    summary = "Изменения не сохранены: исправьте выделенные поля."
    if isinstance(body, FormErrors):
        errors = invalid(body, ORGANISATION_MESSAGES, summary)
        return await _organisation_form(request, runtime, organisation_id, region_id, values, errors, 422)
    try:
        _org, changed = await admin.save_organisation(
            runtime, session.principal, organisation_id, region_id, body, new=False
        )
    except Problem as problem:
        errors = refusal(problem, summary)
        return await _organisation_form(request, runtime, organisation_id, region_id, values, errors, problem.status)
    return redirect(request, f"/admin/organisations/{organisation_id}?done={'changed' if changed else 'unchanged'}")
