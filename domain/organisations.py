"""The registry of regions and organisations (реестр регионов и организаций, issue 16, brief §7.1): a region with its
time zone and its authority (орган власти), and the hierarchy of its organisations — authority → coordinating centre
(координирующий центр: ОМЦ, РЦРСО) → host or base organisation (базовая организация) → member organisations
(организации-участники) → structural units (структурные подразделения: отделение → сектор → служба).

No workflow owns them: the administrator's changes are decided here and appended by the API (``api/organisations``)
to ``regions:{id}`` and ``organisation:{id}``. Each event carries the whole record as it stands after it, so the
projection is an upsert of the last one. A refusal naming a field is bad input (422); one without a field is a
conflict with what exists (409).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.common import DomainError, DomainEvent, register_event
from domain.sites import (
    ORGANISATION_KIND_RU,
    SITE_STATUS_RU,
    Institution,
    OrganisationKind,
    Region,
    SiteChanged,
    SiteRegistered,
)


def region_stream(region_id: str) -> str:
    return f"regions:{region_id}"


def organisation_stream(organisation_id: str) -> str:
    return f"organisation:{organisation_id}"


# The kinds an organisation of each kind may answer to. A unit belongs to an organisation or to a larger unit
# (отделение → сектор); an authority answers to nobody in the region.
PARENT_KINDS: dict[OrganisationKind, tuple[OrganisationKind, ...]] = {
    OrganisationKind.AUTHORITY: (),
    OrganisationKind.COORDINATING_CENTRE: (OrganisationKind.AUTHORITY,),
    OrganisationKind.HOST: (OrganisationKind.AUTHORITY, OrganisationKind.COORDINATING_CENTRE),
    OrganisationKind.MEMBER: (OrganisationKind.AUTHORITY, OrganisationKind.COORDINATING_CENTRE, OrganisationKind.HOST),
    OrganisationKind.UNIT: (
        OrganisationKind.COORDINATING_CENTRE,
        OrganisationKind.HOST,
        OrganisationKind.MEMBER,
        OrganisationKind.UNIT,
    ),
}


@register_event
class RegionRegistered(DomainEvent):
    """Регион зарегистрирован: название и часовой пояс."""

    event_type = "RegionRegistered"

    region: Region
    by: str | None = None  # the administrator's user id; None: the reference data


@register_event
class RegionChanged(DomainEvent):
    """Карточка региона изменена (название, часовой пояс, орган власти)."""

    event_type = "RegionChanged"

    region: Region
    by: str | None = None


@register_event
class OrganisationRegistered(DomainEvent):
    """Организация зарегистрирована в иерархии региона."""

    event_type = "OrganisationRegistered"

    organisation: Institution
    by: str | None = None


@register_event
class OrganisationChanged(DomainEvent):
    """Карточка организации изменена (название, вид, вышестоящая организация)."""

    event_type = "OrganisationChanged"

    organisation: Institution
    by: str | None = None


def check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(
            "timezone_unknown",
            f"Часовой пояс «{name}» неизвестен: укажите его по базе IANA, например Europe/Moscow.",
            "timezone",
        ) from None


def decide_region(
    existing: Region | None, region: Region, *, authority: Institution | None, by: str | None, now: datetime
) -> list[DomainEvent]:
    """RegionRegistered for a new region, RegionChanged for a changed one, nothing when nothing differs.
    ``authority`` is the organisation ``region.authority_id`` names, as registered (None when unknown)."""
    check_timezone(region.timezone)
    if region.authority_id is not None and (
        authority is None or authority.region_id != region.id or authority.kind != OrganisationKind.AUTHORITY
    ):
        raise DomainError(
            "authority_unknown", "Орган власти — организация вида «орган власти» того же региона.", "authority_id"
        )
    if existing == region:
        return []
    if existing is None:
        return [RegionRegistered(occurred_at=now, region=region, by=by)]
    return [RegionChanged(occurred_at=now, region=region, by=by)]


def decide_organisation(
    existing: Institution | None,
    organisation: Institution,
    *,
    region: Region | None,
    parent: Institution | None,
    parent_chain: Sequence[str] = (),
    children: Sequence[Institution] = (),
    site_ids: Sequence[str] = (),
    by: str | None,
    now: datetime,
) -> list[DomainEvent]:
    """OrganisationRegistered or OrganisationChanged, or nothing when nothing differs. ``parent`` is the
    organisation ``organisation.parent_id`` names (None when unknown), ``parent_chain`` the ids above the parent, up
    to the top: an organisation never ends up above itself. A change of kind is checked against what stands on the
    organisation by the rules of their own registration: ``children`` (the organisations that answer to it) must
    still be allowed to answer to its new kind, the region's authority stays an authority, and an organisation
    holding sites (``site_ids``) does not become an authority."""
    if region is None or region.id != organisation.region_id:
        raise DomainError("region_unknown", "Такого региона нет: выберите регион из списка.", "region_id")
    if existing is not None and existing.region_id != organisation.region_id:
        raise DomainError("region_fixed", "Регион организации не меняется.")
    allowed = PARENT_KINDS[organisation.kind]
    kind_ru = ORGANISATION_KIND_RU[organisation.kind]
    if organisation.parent_id is None:
        if organisation.kind == OrganisationKind.UNIT:
            raise DomainError(
                "parent_required", "Подразделение входит в организацию: выберите ее (того же региона).", "parent_id"
            )
    else:
        if not allowed:
            raise DomainError("parent_forbidden", "У органа власти нет вышестоящей организации.", "parent_id")
        if parent is None or parent.region_id != organisation.region_id:
            raise DomainError(
                "parent_unknown", "Вышестоящая организация должна быть организацией того же региона.", "parent_id"
            )
        if parent.kind not in allowed:
            names = ", ".join(f"«{ORGANISATION_KIND_RU[k]}»" for k in allowed)
            raise DomainError(
                "parent_kind",
                f"Организация вида «{kind_ru}» подчиняется организации вида {names}, "
                f"а не «{ORGANISATION_KIND_RU[parent.kind]}».",
                "parent_id",
            )
        if organisation.id == parent.id or organisation.id in parent_chain:
            raise DomainError("parent_cycle", "Организация не может входить сама в себя.", "parent_id")
    if existing is not None and existing.kind != organisation.kind:
        _check_kind_change(organisation, region, children, site_ids)
    if existing == organisation:
        return []
    if existing is None:
        return [OrganisationRegistered(occurred_at=now, organisation=organisation, by=by)]
    return [OrganisationChanged(occurred_at=now, organisation=organisation, by=by)]


def _check_kind_change(
    organisation: Institution, region: Region, children: Sequence[Institution], site_ids: Sequence[str]
) -> None:
    kind_ru = ORGANISATION_KIND_RU[organisation.kind]
    for child in sorted(children, key=lambda c: c.name):
        allowed = PARENT_KINDS[child.kind]
        if organisation.kind not in allowed:
            names = ", ".join(f"«{ORGANISATION_KIND_RU[k]}»" for k in allowed)
            raise DomainError(
                "child_kind",
                f"Вид нельзя изменить на «{kind_ru}»: в организацию входит «{child.name}» — "
                f"{ORGANISATION_KIND_RU[child.kind]}, она подчиняется организации вида {names}. "
                "Сначала переподчините ее другой организации.",
                "kind",
            )
    if region.authority_id == organisation.id and organisation.kind != OrganisationKind.AUTHORITY:
        raise DomainError(
            "authority_kind",
            f"«{organisation.name}» — орган власти региона «{region.name}»: вид «{kind_ru}» ему не дать, пока "
            "в карточке региона органом власти указана эта организация.",
            "kind",
        )
    if site_ids and organisation.kind == OrganisationKind.AUTHORITY:
        raise DomainError(
            "authority_sites",
            f"Статус площадки получает учреждение, а не орган власти: у организации есть площадки "
            f"{', '.join(sorted(site_ids))}.",
            "kind",
        )


def sentence(event: DomainEvent) -> str:
    """The event as one Russian sentence of a history (the registry's events belong to no cycle's timeline)."""
    match event:
        case RegionRegistered(region=region):
            return f"Регион «{region.name}» зарегистрирован, часовой пояс {region.timezone}."
        case RegionChanged(region=region):
            return f"Карточка региона «{region.name}» изменена, часовой пояс {region.timezone}."
        case OrganisationRegistered(organisation=org):
            return f"Организация «{org.name}» зарегистрирована как {ORGANISATION_KIND_RU[org.kind]}."
        case OrganisationChanged(organisation=org):
            return f"Карточка организации «{org.name}» изменена ({ORGANISATION_KIND_RU[org.kind]})."
        case SiteRegistered(record=record) | SiteChanged(record=record):
            site = record.site
            verb = "зарегистрирована" if isinstance(event, SiteRegistered) else "изменена"
            period = _period_ru(site.status_since, site.status_until)
            return f"Площадка {site.id} {verb}: {SITE_STATUS_RU[site.status]}{period}."
    raise KeyError(event.event_type)


def _period_ru(since: date | None, until: date | None) -> str:
    parts: list[str] = []
    if since is not None:
        parts.append(f"с {since:%d.%m.%Y}")
    if until is not None:
        parts.append(f"по {until:%d.%m.%Y}")
    return (", статус действует " + " ".join(parts)) if parts else ""
