"""The baseline of the inbox benchmark: the least a FastAPI endpoint that reads PostgreSQL can do — one row of a
small table (the region) by its key, on an engine made by ``api.db.make_engine`` (the API's pool), outside a
transaction as the API's reads are (``api.db.autocommit``), served by uvicorn exactly as ``innocycle api`` serves
the API (same host and port settings, same options).

    python -m bench.bare_app      # same environment as `innocycle api`; GET /bare
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy import select

from api.db import autocommit, make_engine
from api.tables import regions
from innocycle.settings import get_settings

REGION_ID = "86"


def create_bare_app(database_url: str) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = make_engine(database_url)
        app.state.reads = autocommit(app.state.engine)
        try:
            yield
        finally:
            await app.state.engine.dispose()

    app = FastAPI(title="innocycle bench: bare read", lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/bare")
    async def bare(request: Request) -> dict[str, Any]:
        async with request.app.state.reads.connect() as conn:
            row = (await conn.execute(select(regions).where(regions.c.id == REGION_ID))).one()
        return {"id": row.id, "name": row.name, "timezone": row.timezone}

    return app


def main() -> None:
    import uvicorn

    settings = get_settings()
    # The same call as `innocycle api` (innocycle/cli.py), with this app in place of the API.
    app = create_bare_app(settings.database_url)
    uvicorn.run(app, host=settings.api_host, port=settings.api_port, log_level="info")


if __name__ == "__main__":
    main()
