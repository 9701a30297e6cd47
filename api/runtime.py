"""What a running API holds: its configuration, the database engine and the gateway to Temporal."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from api.commands import Commands
from api.config import ApiConfig
from api.db import autocommit
from api.landed import Landed


@dataclass
class Runtime:
    config: ApiConfig
    engine: AsyncEngine
    commands: Commands
    # The same pool, for reads outside a transaction (api.db.autocommit).
    reads: AsyncEngine = field(init=False)
    landed: Landed = field(default_factory=Landed)

    def __post_init__(self) -> None:
        self.reads = autocommit(self.engine)
