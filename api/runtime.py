"""What a running API holds: its configuration, the database engine and the gateway to Temporal."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from api.commands import Commands
from api.config import ApiConfig


@dataclass
class Runtime:
    config: ApiConfig
    engine: AsyncEngine
    commands: Commands
