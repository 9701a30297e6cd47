"""From settings to the configuration objects of each layer."""

from __future__ import annotations

from api.config import ApiConfig
from innocycle.settings import Settings


def api_config(settings: Settings) -> ApiConfig:
    return ApiConfig(
        database_url=settings.database_url,
        database_pool_size=settings.database_pool_size,
        temporal_address=settings.temporal_address,
        temporal_namespace=settings.temporal_namespace,
        task_queue=settings.task_queue,
        service_token=settings.service_token,
        jwt_secret=settings.jwt_secret,
        access_token_minutes=settings.access_token_minutes,
        refresh_token_days=settings.refresh_token_days,
        login_attempts=settings.login_attempts,
        login_attempts_per_ip=settings.login_attempts_per_ip,
        login_window_minutes=settings.login_window_minutes,
        max_upload_bytes=settings.max_upload_bytes,
        command_timeout_seconds=settings.command_timeout_seconds,
        development=settings.development,
        mail_sink_dir=settings.mail_sink_dir,
        webhook_hosts=settings.webhook_host_list,
    )
