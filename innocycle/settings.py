"""Settings of every innocycle process, read from the environment (prefix ``INNOCYCLE_``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INNOCYCLE_", extra="ignore")

    database_url: str = Field(
        default="postgresql+psycopg://postgres@127.0.0.1:5432/innocycle",
        description="SQLAlchemy URL of the PostgreSQL database (driver psycopg 3).",
    )
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    task_queue: str = "innocycle"
    region_workflows: bool = Field(
        default=True,
        description="Start each region's workflow at worker start-up: cycles that open themselves, curators "
        "checked (D26-D29). The test harness turns it off where a test opens its cycles by hand.",
    )

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Base URL the worker's activities use to reach the API's internal endpoints.",
    )
    service_token: str = Field(
        default="",
        description="Shared secret of the internal endpoints (worker -> API). Empty refuses every internal call.",
    )
    jwt_secret: str = Field(default="", description="HS256 key of access tokens. Empty refuses every login.")
    access_token_minutes: int = 10
    refresh_token_days: int = 14
    login_attempts: int = Field(default=10, description="Failed sign-ins of one login before it must wait.")
    login_attempts_per_ip: int = Field(
        default=50, description="Failed sign-ins from one address before it must wait (an office shares one)."
    )
    login_window_minutes: int = 15
    max_upload_bytes: int = 20 * 1024 * 1024
    command_timeout_seconds: float = 30.0
    development: bool = Field(
        default=False,
        description="Development mode: the sign-in page lists the demo logins and the session cookie is not Secure.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
