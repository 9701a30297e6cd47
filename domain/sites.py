"""A site's status over time: granted by an order of the Department "for a period it determines", revoked by
another order (decision D22). A revocation closes the site's running cycles gracefully; what was submitted
stays."""

from __future__ import annotations

from datetime import date

from domain.common import ActorRef, DomainError, DomainEvent, register_event


def site_stream(site_id: str) -> str:
    return f"site:{site_id}"


@register_event
class SiteStatusRevoked(DomainEvent):
    """Статус площадки прекращен приказом Департамента."""

    event_type = "SiteStatusRevoked"

    site_id: str
    order: str  # e.g. "приказ Депсоцразвития Югры от 12.03.2027 № 345-р"
    effective_on: date
    revoked_by: ActorRef


def check_revocation(order: str, already_revoked: bool) -> None:
    if already_revoked:
        raise DomainError("already_revoked", "Статус площадки уже прекращен.")
    if len(order.strip()) < 5:
        raise DomainError("order_required", "Укажите приказ Департамента (дата и номер).", "order")
