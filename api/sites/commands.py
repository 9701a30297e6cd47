"""The Department's order revoking a site's status (прекращение статуса площадки): decided by the domain
(``check_revocation``) and appended by the API to the site's own stream — the API's own write path, as the status is
the site's, not a cycle's. The site's running cycles are then told by signal and close themselves gracefully: what
a cycle owns changes only in its workflow."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from api.eventlog.log import EventLog
from domain.common import ActorRef
from domain.eventlog import new_event
from domain.sites import Site, SiteStatusRevoked, check_revocation, site_stream


async def revoke(
    eventlog: EventLog, site: Site, order: str, effective_on: date, already_revoked: bool, by: ActorRef
) -> SiteStatusRevoked:
    """Record the revocation; DomainError when the order is missing or the status is revoked already."""
    check_revocation(order, already_revoked)
    event = SiteStatusRevoked(
        occurred_at=datetime.now(UTC), site_id=site.id, order=order.strip(), effective_on=effective_on, revoked_by=by
    )
    await eventlog.append(site_stream(site.id), 0, [new_event(event, str(uuid.uuid4()), {})])
    return event
