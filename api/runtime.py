"""What a running API holds: its configuration, the database engine, the gateway to Temporal, the event log and the
sender of the signals its appends owe the workflows;
and the FastAPI dependency that hands it to a route."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from api.commands import Commands
from api.config import ApiConfig
from api.db import autocommit
from api.eventlog.log import EventLog
from api.signals.sender import SignalSender


@dataclass
class Runtime:
    config: ApiConfig
    engine: AsyncEngine
    commands: Commands
    eventlog: EventLog
    # The same pool, for reads outside a transaction (api.db.autocommit).
    reads: AsyncEngine = field(init=False)
    # Delivers the signals the API's own appends owe the workflows (api.signals).
    signals: SignalSender = field(init=False)

    def __post_init__(self) -> None:
        self.reads = autocommit(self.engine)
        self.signals = SignalSender(self.engine, self.commands)


async def get_runtime(request: Request) -> Runtime:
    # async although it awaits nothing: FastAPI runs a plain def dependency in a thread pool, a thread hop on every
    # request.
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
