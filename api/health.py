"""Liveness and readiness."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from api.runtime import RuntimeDep

router = APIRouter(tags=["health"])


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]
    down: list[str] = []
    detail: str = ""


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="PostgreSQL and Temporal are reachable",
    responses={200: {"model": Readiness}, 503: {"model": Readiness, "description": "What is down"}},
)
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    checks: dict[str, Any] = {}
    try:
        async with asyncio.timeout(3):
            async with runtime.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        checks["postgresql"] = "ok"
    except Exception as error:
        checks["postgresql"] = f"down: {type(error).__name__}"
    try:
        async with asyncio.timeout(3):
            await runtime.commands.ping()
        checks["temporal"] = "ok"
    except Exception as error:
        checks["temporal"] = f"down: {type(error).__name__}"
    down = [name for name, state in checks.items() if state != "ok"]
    if down:
        return JSONResponse(
            {"status": "unavailable", "down": down, "checks": checks, "detail": "Недоступно: " + ", ".join(down)},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "checks": checks})
