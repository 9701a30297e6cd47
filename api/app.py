"""The FastAPI application: public REST under /api, internal endpoints under /internal, health, OpenAPI."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api import health, problems
from api.access.pages import router as access_pages
from api.access.routes import router as auth_router
from api.access.session import LoginRequired
from api.calendar.pages import router as calendar_pages
from api.calendar.routes import internal_router as calendar_internal_router
from api.calendar.routes import router as calendar_router
from api.commands import CommandPending, Commands
from api.compendium.pages import router as compendium_pages
from api.compendium.routes import router as compendium_router
from api.config import ApiConfig
from api.cycle.pages import router as cycle_pages
from api.cycle.routes import internal_router as cycle_internal_router
from api.cycle.routes import router as cycle_router
from api.db import make_engine
from api.digests import internal_router as digest_internal_router
from api.escalation.routes import router as escalation_router
from api.eventlog.log import EventLog
from api.eventlog.routes import router as eventlog_router
from api.files.routes import router as files_router
from api.limits import RefuseOversizedBodies
from api.notifications.digest_pages import router as digest_pages
from api.notifications.digest_routes import router as digest_router
from api.notifications.pages import router as notifications_pages
from api.notifications.routes import router as notifications_router
from api.obligations.pages import router as obligations_pages
from api.obligations.routes import router as obligations_router
from api.organisations.pages import router as organisations_pages
from api.organisations.routes import router as organisations_router
from api.people.pages import router as people_pages
from api.people.routes import router as people_router
from api.platform.pages import router as platform_pages
from api.platform.routes import router as platform_router
from api.problems import Problem
from api.product.pages import router as product_pages
from api.product.routes import router as product_router
from api.projections import PROJECTIONS
from api.qms.pages import router as qms_pages
from api.qms.routes import router as qms_router
from api.region.pages import router as region_pages
from api.region.routes import internal_router as region_internal_router
from api.region.routes import router as region_router
from api.regulations.pages import router as regulations_pages
from api.regulations.routes import router as regulations_router
from api.roadmap_row.routes import router as roadmap_row_router
from api.runtime import Runtime
from api.section.pages import router as section_pages
from api.section.routes import router as section_router
from api.sites.admin_pages import router as sites_admin_pages
from api.sites.pages import router as sites_pages
from api.sites.routes import router as sites_router
from api.tasks.pages import router as tasks_pages
from api.tasks.routes import router as tasks_router
from api.timeline.routes import router as timeline_router
from api.web.render import STATIC_DIR, is_page, problem_page, redirect
from api.webhooks.pages import router as webhooks_pages
from api.webhooks.routes import router as webhooks_router

DESCRIPTION = """
Годовой цикл инновационной деятельности площадок (ресурсных центров, опорных площадок) социального обслуживания.

Войдите кнопкой **Authorize** (логин и пароль демо-пользователя, например `director.1.1.5` / `demo`).
Ошибки — в формате RFC 9457 (`application/problem+json`) с машинным кодом `code` и сообщением `detail` на русском.
"""

PENDING_RU = "Команда принята и будет записана, как только освободится исполнитель процессов; обновите страницу позже."


def create_app(config: ApiConfig) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(config.database_url, config.database_pool_size)
        runtime = Runtime(
            config=config, engine=engine, commands=Commands(config), eventlog=EventLog(engine, PROJECTIONS)
        )
        app.state.runtime = runtime
        # What an append's route could not deliver (Temporal away), and what a crashed process left, is delivered
        # from here as soon as Temporal answers.
        stop = asyncio.Event()
        signals = asyncio.create_task(runtime.signals.run(stop))
        try:
            yield
        finally:
            stop.set()
            await signals
            await engine.dispose()

    app = FastAPI(
        title="innocycle",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(problems.refuse_nul_characters)],
    )
    problems.install(app, page=problem_page, is_page=is_page)

    app.add_middleware(RefuseOversizedBodies, max_bytes=config.max_upload_bytes, page=problem_page, is_page=is_page)

    @app.exception_handler(CommandPending)
    async def _pending(request: Request, exc: CommandPending) -> Response:
        if is_page(request):
            return problem_page(request, Problem(202, "command_pending", PENDING_RU))
        return JSONResponse(
            {
                "status": "pending",
                "workflow_id": str(exc),
                "detail": PENDING_RU,
            },
            status_code=202,
        )

    @app.exception_handler(LoginRequired)
    async def _sign_in_first(request: Request, exc: LoginRequired) -> Response:
        return redirect(request, f"/login?next={quote(exc.next_url, safe='')}")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    # Starlette tries the routes in order, each included router a regex at a time: the internal endpoints the
    # worker calls on every command (the append above all) come first, where matching them costs 0.02 ms, not the
    # 0.7 ms it took behind every page of the interface. The inbox, the most read of all (JSON and page), comes
    # next: behind seven routers of the API, matching `GET /api/tasks` took 6% of the API's processor time under
    # `bench inbox`.
    for router in (
        eventlog_router,
        calendar_internal_router,
        cycle_internal_router,
        region_internal_router,
        digest_internal_router,
        health.router,
        tasks_router,
        tasks_pages,
        auth_router,
        sites_router,
        files_router,
        cycle_router,
        roadmap_row_router,
        obligations_router,
        people_router,
        organisations_router,
        escalation_router,
        calendar_router,
        compendium_router,
        regulations_router,
        region_router,
        timeline_router,
        product_router,
        platform_router,
        notifications_router,
        digest_router,
        webhooks_router,
        qms_router,
        section_router,
        access_pages,
        sites_pages,
        cycle_pages,
        obligations_pages,
        region_pages,
        compendium_pages,
        regulations_pages,
        calendar_pages,
        people_pages,
        organisations_pages,
        sites_admin_pages,
        product_pages,
        platform_pages,
        qms_pages,
        section_pages,
        notifications_pages,
        digest_pages,
        webhooks_pages,
    ):
        app.include_router(router)
    return app
