"""What the API needs to know, handed in by the composition root (the API never reads the environment)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.db import POOL_SIZE


@dataclass(frozen=True)
class ApiConfig:
    database_url: str
    temporal_address: str
    temporal_namespace: str
    task_queue: str
    service_token: str
    jwt_secret: str
    access_token_minutes: int = 10
    refresh_token_days: int = 14
    login_attempts: int = 10  # failures of one login before it must wait
    login_attempts_per_ip: int = 50  # failures from one address (offices share one) before it must wait
    login_window_minutes: int = 15
    max_upload_bytes: int = 20 * 1024 * 1024
    command_timeout_seconds: float = 30.0
    # Development: the sign-in page lists the demo logins, and the session cookie may travel over plain HTTP.
    development: bool = False
    # Where the development SMTP sink keeps what it caught (innocycle mail-sink): shown on /dev/mail; "" — no sink.
    mail_sink_dir: str = ""
    # Connections to PostgreSQL the API keeps open (api.db.make_engine).
    database_pool_size: int = POOL_SIZE
    # Hosts webhooks may be sent to besides loopback (INNOCYCLE_WEBHOOK_HOSTS).
    webhook_hosts: tuple[str, ...] = ()


async def get_config(request: Request) -> ApiConfig:
    config: ApiConfig = request.app.state.runtime.config
    return config


ConfigDep = Annotated[ApiConfig, Depends(get_config)]
