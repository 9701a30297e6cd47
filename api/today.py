"""Today as the service counts it: the date in the region's zone (KhMAO, UTC+5), the zone the administration
enters grants, substitutions and dates in. After 19:00 UTC it is already tomorrow there, and a grant or a
substitution that starts «today» is in force from the region's midnight, not from UTC's."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Yekaterinburg"


def service_today(now: datetime | None = None) -> date:
    """The region's date at ``now`` (the present when omitted)."""
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(DEFAULT_ZONE)).date()
