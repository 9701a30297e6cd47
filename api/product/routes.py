"""The REST API of methodological products and the expert council (order 135-р 2.4.2, D46–D52)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.access.deps import PrincipalDep
from api.commands import UPDATES_WORKFLOWS
from api.problems import Problem, documented
from api.product import commands
from api.product.requests import (
    AssignBody,
    ConclusionBody,
    DraftBody,
    ImplementationBody,
    MeetingBody,
    MemberBody,
    OrderBody,
    PilotBody,
    ProductDescription,
    RecusalBody,
    ResponseBody,
    ReviewBody,
    VersionBody,
)
from api.product.views import council_desk, figures, meetings, members, my_assignments, registry
from api.runtime import RuntimeDep
from domain.people import Role

router = APIRouter(tags=["products"])

PRODUCT = "/api/products/{product_id}"
REFUSED = documented(404, 409, 422)
COUNCIL_ROLES = (Role.EXPERT, Role.COUNCIL_SECRETARY, Role.COUNCIL_CHAIR)


@router.get("/api/products", summary="Реестр методических продуктов: поиск по тексту, направлению, виду, году, статусу")
async def get_registry(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    q: Annotated[str, Query(max_length=200, description="Слова из названия или аннотации")] = "",
    direction_id: Annotated[str | None, Query(max_length=40)] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    status: Annotated[str | None, Query(max_length=40, description="Без статуса — только продукты реестра")] = None,
    site_id: Annotated[str | None, Query(max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        return await registry(
            conn,
            principal,
            q=q,
            direction_id=direction_id,
            kind=kind,
            year=year,
            status=status,
            site_id=site_id,
            page=page,
        )


@router.post("/api/products", status_code=201, responses=REFUSED, summary="Создать методический продукт (черновик)")
async def post_product(body: DraftBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.draft(runtime, principal, body)


@router.get(PRODUCT, responses=documented(404), summary="Продукт: версии, раунды экспертизы, рецензии, внедрения")
async def get_product(product_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.read(runtime, principal, product_id)


@router.put(PRODUCT, responses=REFUSED, summary="Изменить описание продукта")
async def put_product(
    product_id: str, body: ProductDescription, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.describe(runtime, principal, product_id, body)


@router.post(PRODUCT + "/versions", responses=REFUSED, summary="Добавить версию продукта (файлы)")
async def post_version(
    product_id: str, body: VersionBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.add_version(runtime, principal, product_id, body)


@router.post(PRODUCT + "/pilot", responses=REFUSED, summary="Записать апробацию продукта")
async def post_pilot(product_id: str, body: PilotBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.record_pilot(runtime, principal, product_id, body)


@router.post(
    PRODUCT + "/send",
    responses={**UPDATES_WORKFLOWS, **REFUSED},
    summary="Направить продукт в Экспертный совет (после доработки — новую версию)",
)
async def post_send(
    product_id: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    year: Annotated[
        int | None, Query(ge=2000, le=2100, description="Норма какого года (по умолчанию — текущего)")
    ] = None,
) -> dict[str, Any]:
    return await commands.send(runtime, principal, product_id, year)


@router.post(
    PRODUCT + "/assignments",
    responses={**UPDATES_WORKFLOWS, **REFUSED},
    summary="Назначить эксперта (секретарь совета); конфликт интересов — отказ с причиной",
)
async def post_assignment(
    product_id: str, body: AssignBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.assign(runtime, principal, product_id, body)


@router.post(
    PRODUCT + "/assignments/{assignment_no}/response",
    responses={**UPDATES_WORKFLOWS, **REFUSED},
    summary="Принять назначение или отказаться (эксперт)",
)
async def post_response(
    product_id: str, assignment_no: int, body: ResponseBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.respond(runtime, principal, product_id, assignment_no, body)


@router.post(
    PRODUCT + "/assignments/{assignment_no}/recusal",
    responses={**UPDATES_WORKFLOWS, **REFUSED},
    summary="Самоотвод эксперта",
)
async def post_recusal(
    product_id: str, assignment_no: int, body: RecusalBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.recuse(runtime, principal, product_id, assignment_no, body)


@router.post(
    PRODUCT + "/assignments/{assignment_no}/review",
    responses={**UPDATES_WORKFLOWS, **REFUSED},
    summary="Отправить рецензию (эксперт)",
)
async def post_review(
    product_id: str, assignment_no: int, body: ReviewBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.submit_review(runtime, principal, product_id, assignment_no, body)


@router.post(
    PRODUCT + "/conclusion",
    responses={**UPDATES_WORKFLOWS, **REFUSED},
    summary="Решение совета по продукту на заседании (председатель)",
)
async def post_conclusion(
    product_id: str, body: ConclusionBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.conclude(runtime, principal, product_id, body)


@router.post(PRODUCT + "/order", responses=REFUSED, summary="Приказ Департамента об утверждении продукта")
async def post_order(product_id: str, body: OrderBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.approve_by_order(runtime, principal, product_id, body)


@router.post(PRODUCT + "/registry", responses=REFUSED, summary="Внести продукт в реестр (секретарь совета)")
async def post_registry(product_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.register(runtime, principal, product_id)


@router.post(PRODUCT + "/implementations", responses=REFUSED, summary="Записать внедрение продукта в учреждении")
async def post_implementation(
    product_id: str, body: ImplementationBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.record_implementation(runtime, principal, product_id, body)


def _council_region(principal: Any, region_id: str) -> None:
    if not any(
        g.role in (*COUNCIL_ROLES, Role.ADMIN, Role.RCRSO_DIRECTOR, Role.DEPARTMENT)
        and (g.scope_id == region_id or not g.scope_id)
        for g in principal.grants
    ):
        raise Problem(404, "not_found", "Экспертный совет региона не найден.")


@router.get(
    "/api/regions/{region_id}/council", responses=documented(404), summary="Экспертный совет: состав и рабочий стол"
)
async def get_council(region_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    """Members; for the secretary and the chair, the products under examination (late experts marked) and the
    agenda of the next meeting."""
    _council_region(principal, region_id)
    async with runtime.reads.connect() as conn:
        desk = await council_desk(conn, principal)
        return {"region_id": region_id, "members": await members(conn, region_id), **desk}


@router.post(
    "/api/regions/{region_id}/council/members",
    responses=documented(403, 422),
    summary="Включить в Экспертный совет или изменить место в нем; ответ — состав совета",
)
async def post_member(
    region_id: str, body: MemberBody, runtime: RuntimeDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    await commands.appoint_member(runtime, principal, region_id, body)
    async with runtime.reads.connect() as conn:
        return await members(conn, region_id)


@router.get(
    "/api/regions/{region_id}/products/figures",
    responses=documented(404),
    summary="Показатели: направлено, рассмотрено, положительных, внедрено; дисциплина совета",
)
async def get_figures(
    region_id: str, year: Annotated[int, Query(ge=2000, le=2100)], runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    _council_region(principal, region_id)
    async with runtime.reads.connect() as conn:
        return await figures(conn, principal, region_id, year)


@router.get("/api/me/assignments", summary="Мои назначения экспертом")
async def get_my_assignments(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    async with runtime.reads.connect() as conn:
        return await my_assignments(conn, principal)


@router.get(
    "/api/regions/{region_id}/council/meetings", responses=documented(404), summary="Протоколы заседаний совета"
)
async def get_meetings(region_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    _council_region(principal, region_id)
    async with runtime.reads.connect() as conn:
        return await meetings(conn, principal, region_id)


@router.post(
    "/api/regions/{region_id}/council/meetings",
    responses={**UPDATES_WORKFLOWS, **documented(403, 404)},
    summary="Записать заседание совета: решение и голоса по каждому продукту повестки (председатель)",
)
async def post_meeting(
    region_id: str, body: MeetingBody, runtime: RuntimeDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    _council_region(principal, region_id)
    if not principal.has_role(Role.COUNCIL_CHAIR):
        raise Problem(403, "forbidden", "Заседание совета записывает его председатель.")
    return await commands.record_meeting(runtime, principal, body)
