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
    database_pool_size: int = Field(
        default=32,  # api.db.POOL_SIZE: not imported here, for this module is read by processes without FastAPI
        ge=1,
        description="Connections to PostgreSQL the API keeps open; a request that finds them all in use opens one "
        "more (up to a quarter again) and closes it afterwards. Size it to the requests served at once.",
    )
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    task_queue: str = "innocycle"
    region_workflows: bool = Field(
        default=True,
        description="Start each region's workflows at worker start-up: cycles that open themselves, curators "
        "checked (D26-D29), the daily digest at 09:00 local (issue 15). The test harness turns it off where a test "
        "opens its cycles by hand.",
    )

    demo: bool = Field(
        default=True,
        description="`innocycle dev` (make run) plays the demo activity once the stack is up: the demo year's cycles "
        "opened, packages sent and reviewed, the other regions' platforms, sections and documents. False starts the "
        "stack with the reference data and the demo logins only.",
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

    # E-mail (innocycle mailer): the SMTP server, how to reach it, and how the messages are addressed.
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server the mailer delivers through.")
    smtp_port: int = Field(default=25, description="Its port (the development sink of `make run`: 8025).")
    smtp_tls: str = Field(
        default="none",
        pattern="^(none|starttls|tls)$",
        description="none (plain: a local relay), starttls (upgrade after connecting, 587) or tls (implicit, 465).",
    )
    smtp_user: str = Field(default="", description="Login at the SMTP server; empty: no authentication.")
    smtp_password: str = Field(default="", description="Password at the SMTP server.")
    smtp_timeout_seconds: float = 30.0
    mail_from: str = Field(default="innocycle <innocycle@localhost>", description="The From of every message.")
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Base URL of the web interface as people open it: the links of the e-mails start with it.",
    )
    mail_batch: int = Field(default=50, description="Messages the mailer takes at once (over one SMTP connection).")
    mail_poll_seconds: float = Field(default=1.0, description="How often the mailer looks for mail when idle.")
    mail_retry_seconds: float = Field(
        default=30.0, description="First wait after a failure that may pass (server down, 4xx); doubled each time."
    )
    mail_retry_max_seconds: float = Field(default=1800.0, description="The longest wait between two attempts.")
    mail_lease_seconds: float = Field(
        default=120.0,
        description="How long a mailer holds the messages it took: one that died meanwhile leaves them to another.",
    )
    mail_sink_dir: str = Field(
        default="",
        description="Development: where the SMTP sink (innocycle mail-sink) keeps what it caught, shown on /dev/mail.",
    )

    # Webhooks (innocycle webhook-sender): where they may go, and how long and how often they are tried.
    webhook_hosts: str = Field(
        default="",
        description="Hosts webhooks may be sent to besides loopback (127.0.0.0/8, ::1, localhost), comma-separated, "
        "compared exactly and without case, e.g. `hooks.depsoc.admhmao.ru,crm.example.ru`. Others are refused.",
    )
    webhook_batch: int = Field(default=20, description="Deliveries the sender attempts at once (concurrently).")
    webhook_poll_seconds: float = Field(default=1.0, description="How often the sender looks for deliveries when idle.")
    webhook_timeout_seconds: float = Field(default=10.0, description="How long an endpoint has to answer an attempt.")
    webhook_retry_seconds: float = Field(
        default=30.0, description="First wait after a failed attempt (not 2xx, refused, timed out); doubled each time."
    )
    webhook_retry_max_seconds: float = Field(default=3600.0, description="The longest wait between two attempts.")
    webhook_retry_window_seconds: float = Field(
        default=86400.0, description="A delivery is tried this long after its first attempt, then failed (a day)."
    )
    webhook_disable_after_seconds: float = Field(
        default=86400.0,
        description="An endpoint whose every attempt failed this long, without one success, is switched off and its "
        "owner told (a day).",
    )
    webhook_lease_seconds: float = Field(
        default=120.0,
        description="How long a sender holds the deliveries it took: one that died meanwhile leaves them to another.",
    )

    @property
    def webhook_host_list(self) -> tuple[str, ...]:
        return tuple(host.strip().lower() for host in self.webhook_hosts.split(",") if host.strip())


@lru_cache
def get_settings() -> Settings:
    return Settings()
