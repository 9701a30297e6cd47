"""The organisation the regulations govern: regions, institutions (учреждения), directions of innovation activity
(инновационные направления) and sites (площадки), with the status a site holds; and a site's status over time.

A *site* is an institution holding a status in one direction of innovation activity, e.g. the resource centre
(ресурсный центр) of order 135-р clause 1.1.5. One institution may hold two statuses (БУ «Геронтологический центр»
is both 1.1.13 and 1.2.1), so cycles are keyed by site, never by institution.

A status is granted by an order of the Department "for a period it determines" and revoked by another order
(decision D22). A revocation closes the site's running cycles gracefully; what was submitted stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.common import ActorRef, DomainError, DomainEvent, register_event


class SiteStatus(StrEnum):
    """Статус площадки."""

    RESOURCE_CENTER = "resource_center"  # ресурсный центр
    SUPPORT_PLATFORM = "support_platform"  # опорная площадка
    METHODOLOGICAL_PLATFORM = "methodological_platform"  # опорно-методическая площадка (Вологда)
    METHODOLOGICAL_SECTION = "methodological_section"  # методическая секция (Свердловская область)
    # The tiers above the sections in Sverdlovsk region (seed 000, D10 of its regulation): an organisation-level
    # site each, so that their own duties (the district's report, the generalised data) run in cycles of their own.
    BASE_METHODOLOGICAL_ORGANISATION = "base_methodological_organisation"  # базовая методическая организация округа
    METHODOLOGICAL_CENTRE = "methodological_centre"  # Организационно-методический центр (ОМЦ)


SITE_STATUS_RU: dict[SiteStatus, str] = {
    SiteStatus.RESOURCE_CENTER: "ресурсный центр",
    SiteStatus.SUPPORT_PLATFORM: "опорная площадка",
    SiteStatus.METHODOLOGICAL_PLATFORM: "опорно-методическая площадка",
    SiteStatus.METHODOLOGICAL_SECTION: "методическая секция",
    SiteStatus.BASE_METHODOLOGICAL_ORGANISATION: "базовая методическая организация",
    SiteStatus.METHODOLOGICAL_CENTRE: "организационно-методический центр",
}


class Region(BaseModel):
    """Регион (субъект Российской Федерации)."""

    model_config = ConfigDict(frozen=True)

    id: str  # e.g. "86" (ХМАО – Югра)
    name: str
    timezone: str  # IANA name; a deadline ends at the end of the region's local day
    # The region's authority (орган власти: министерство, департамент), an organisation of kind AUTHORITY; None
    # until the administrator names it (domain.organisations).
    authority_id: str | None = None


class OrganisationKind(StrEnum):
    """Вид организации в иерархии региона: орган власти → координирующий центр → базовая организация →
    организации-участники → структурные подразделения."""

    AUTHORITY = "authority"  # орган власти (министерство, департамент)
    COORDINATING_CENTRE = "coordinating_centre"  # координирующий центр (ОМЦ, РЦРСО)
    HOST = "host"  # базовая (принимающая) организация площадки или секции
    MEMBER = "member"  # организация-участник, учреждение социального обслуживания
    UNIT = "unit"  # структурное подразделение (отделение, сектор, служба)


ORGANISATION_KIND_RU: dict[OrganisationKind, str] = {
    OrganisationKind.AUTHORITY: "орган власти",
    OrganisationKind.COORDINATING_CENTRE: "координирующий центр",
    OrganisationKind.HOST: "базовая организация",
    OrganisationKind.MEMBER: "организация-участник",
    OrganisationKind.UNIT: "структурное подразделение",
}


class Institution(BaseModel):
    """Учреждение социального обслуживания — and, since issue 16, any organisation of a region's hierarchy
    (организация): its kind and the organisation it answers to."""

    model_config = ConfigDict(frozen=True)

    id: str
    region_id: str
    name: str  # full name, e.g. БУ «Геронтологический центр»
    short_name: str
    city: str
    kind: OrganisationKind = OrganisationKind.MEMBER
    parent_id: str | None = None  # the organisation above it; None at the top of the hierarchy


class Direction(BaseModel):
    """Инновационное направление деятельности."""

    model_config = ConfigDict(frozen=True)

    id: str
    region_id: str
    title: str


class Site(BaseModel):
    """Площадка: an institution with a status in one direction, keyed by the clause of the founding order."""

    model_config = ConfigDict(frozen=True)

    id: str  # e.g. "1.1.5" — the clause of order 135-р that grants the status
    region_id: str
    institution_id: str
    direction_id: str
    status: SiteStatus
    code: str  # short label used in the domain brief, e.g. "C3", "OP15"
    polozhenie: str  # approval of the local положение, as written in the source (attribute, not a key)
    citation: str  # where the status is granted, e.g. "Приказ 135-р п. 1.1.5 (001:L86)"
    status_since: date | None = None  # the status begins on this date (an order of the Department); None: from the
    # regulation's first year. A status beginning in the middle of a year gives a cycle from that date (D28).
    status_until: date | None = None  # the last day of the status period (D22); None: until revoked
    # The state institutions that send their quarterly forms to this site (order 135-р п. 5.2, D34–D35): one
    # obligation instance of the forms per institution and quarter. Empty: the site has not named them yet, and
    # the forms stay one instance per quarter, sent by any institution's responsible person (D16, D35).
    reporting_institutions: tuple[str, ...] = ()

    def status_covers(self, year: int) -> bool:
        """Whether the status period (срок действия статуса) covers some of ``year`` (D22, D27; a revocation is
        checked apart)."""
        return self.status_begun_by(year) and (self.status_until is None or self.status_until.year >= year)

    def status_begun_by(self, year: int) -> bool:
        """Whether the status has begun by the end of ``year``."""
        return self.status_since is None or self.status_since.year <= year

    def cycle_ends_on(self, year: int) -> date | None:
        """The last day the site owes anything in ``year``: its status period's end in that year, else None."""
        return period_end_in(self.status_until, year)

    def status_ended(self, today: date) -> bool:
        """Whether the status period ended before ``today``."""
        return self.status_until is not None and self.status_until < today

    def cycle_starts_on(self, year: int) -> date | None:
        """The first day the site owes anything in ``year``: its status's beginning in that year, else None."""
        if self.status_since is not None and self.status_since.year == year and self.status_since > date(year, 1, 1):
            return self.status_since
        return None


def period_end_in(until: date | None, year: int) -> date | None:
    """The last day of ``year`` a status period ending ``until`` leaves to a cycle's plan: ``until`` when it falls
    in the year before 31 December, else None — the whole year (a period ended before the year is checked apart)."""
    if until is not None and until.year == year and until < date(year, 12, 31):
        return until
    return None


# --- a site's status over time ----------------------------------------------------------------------------------


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


# --- a site as the administrator registers it (issue 16) ---------------------------------------------------------


class SiteRecord(BaseModel):
    """Карточка площадки: the site, the regulation it runs under (its region's, for its status) and the title of
    its direction (тема), as the administrator last recorded them."""

    model_config = ConfigDict(frozen=True)

    site: Site
    regulation_id: str
    direction_title: str


@register_event
class SiteRegistered(DomainEvent):
    """Площадка зарегистрирована: организация, направление (тема), статус и срок его действия."""

    event_type = "SiteRegistered"

    record: SiteRecord
    by: str | None = None  # the administrator's user id; None: the reference data


@register_event
class SiteChanged(DomainEvent):
    """Карточка площадки изменена (статус, срок его действия, направление, организация)."""

    event_type = "SiteChanged"

    record: SiteRecord
    by: str | None = None


class CycleSeen(BaseModel):
    """A cycle of the site as its status end may have cut it: its year, whether it still runs, whether it was closed
    before its end (by its status end or a revocation), and the end of the status period it was started with (its
    first plan has nothing after that day)."""

    model_config = ConfigDict(frozen=True)

    year: int
    running: bool  # its workflow runs: told a later end, it plans what the old end dropped (D22)
    closed: bool  # closed before its end; a completed cycle is neither running nor closed
    started_until: date | None


def cut_cycles(until: date | None, cycles: Sequence[CycleSeen]) -> list[int]:
    """The years of the cycles the status end ``until`` has cut: started with an end before 31 December of their
    year (nothing planned after it), or closed while ``until`` ended their year early. A cycle running with its whole
    year planned only moves its closing: it is not cut."""
    if until is None:
        return []
    cut = set()
    for cycle in cycles:
        if cycle.year < until.year or until >= date(cycle.year, 12, 31):
            continue
        started = cycle.started_until
        if cycle.closed or (started is not None and started < date(cycle.year, 12, 31)):
            cut.add(cycle.year)
    return sorted(cut)


def check_end_moved(old: Site, new: Site, cycles: Sequence[CycleSeen]) -> None:
    """A status period's end moved later, or removed, where a cycle that no longer runs was cut by it: refused, as a
    closed or completed cycle does not open again to owe what the old end dropped. A running cut cycle is told the
    new end and plans what it now covers (D22, ``domain.cycle.plan_extension``): that is accepted."""
    if old.status_until is None or (new.status_until is not None and new.status_until <= old.status_until):
        return
    ended = [cycle for cycle in cycles if not cycle.running]
    cut = cut_cycles(old.status_until, ended)
    if not cut:
        return
    old_end = f"{old.status_until:%d.%m.%Y}"
    target = f"на {new.status_until:%d.%m.%Y}" if new.status_until is not None else "до бессрочного"
    closed = {cycle.year for cycle in ended if cycle.closed}
    which = "; ".join(f"цикл {year} года {'закрыт' if year in closed else 'завершен'}" for year in cut)
    raise DomainError(
        "status_end_cut",
        f"Срок статуса нельзя продлить с {old_end} {target}: {which} по прежнему сроку и снова не открывается — "
        f"обязанности после {old_end} в нем не появятся. Оставьте прежний срок или укажите более ранний; если статус "
        "продлен новым приказом Департамента, зарегистрируйте площадку по этому приказу как новую, со сроком статуса "
        "с даты приказа.",
        "status_until",
    )


def check_start_moved(old: Site, new: Site, cycles: Sequence[CycleSeen]) -> None:
    """A status period's beginning moved where a cycle of the site planned its year by the old one (D28: nothing due
    before a beginning in the middle of the year; no cycle before the year it begins): refused, as the cycle would
    keep owing what the old beginning gave it. A beginning that changes no cycle's year is accepted (the order's
    date recorded for a status that began before the cycles)."""
    changed = sorted(
        cycle.year
        for cycle in cycles
        if (old.status_begun_by(cycle.year), old.cycle_starts_on(cycle.year))
        != (new.status_begun_by(cycle.year), new.cycle_starts_on(cycle.year))
    )
    if not changed:
        return
    before = f"{old.status_since:%d.%m.%Y}" if old.status_since is not None else "начала действия регламента"
    after = f"{new.status_since:%d.%m.%Y}" if new.status_since is not None else "начало действия регламента"
    years = ", ".join(str(year) for year in changed)
    raise DomainError(
        "status_start_planned",
        f"Начало срока статуса нельзя перенести с {before} на {after}: цикл {years} года уже открыт по прежнему "
        "началу, и его обязанности запланированы от него — новый срок начала в нем не отразится. Оставьте прежнее "
        "начало; если статус присвоен другим приказом, зарегистрируйте площадку по этому приказу как новую.",
        "status_since",
    )


def decide_site(
    existing: SiteRecord | None,
    record: SiteRecord,
    *,
    region: Region | None,
    organisation: Institution | None,
    statuses: tuple[SiteStatus, ...],
    by: str | None,
    now: datetime,
    cycles: Sequence[CycleSeen] = (),
) -> list[DomainEvent]:
    """The event that records ``record``: SiteRegistered for a new site, SiteChanged for a changed one, nothing when
    nothing differs. ``statuses`` are those the region's regulation knows (its obligations apply to);
    ``cycles`` the site's cycles (``check_end_moved``). A refusal naming a field is bad input; one
    without a field is a conflict with what exists."""
    site = record.site
    if region is None or region.id != site.region_id:
        raise DomainError("region_unknown", "Такого региона нет: выберите регион из списка.", "region_id")
    if existing is not None and existing.site.region_id != site.region_id:
        raise DomainError("region_fixed", "Регион площадки не меняется: ее циклы идут по регламенту своего региона.")
    if not statuses:
        raise DomainError("no_regulation", "У региона нет регламента: площадке не по чему работать.", "region_id")
    if site.status not in statuses:
        known = ", ".join(f"«{SITE_STATUS_RU[s]}»" for s in statuses)
        raise DomainError(
            "status_unknown",
            f"Регламент региона не знает статуса «{SITE_STATUS_RU[site.status]}»: допустимо {known}.",
            "status",
        )
    if organisation is None or organisation.region_id != site.region_id:
        raise DomainError("organisation_unknown", "Выберите организацию того же региона.", "institution_id")
    if organisation.kind == OrganisationKind.AUTHORITY:
        raise DomainError(
            "organisation_authority", "Статус площадки получает учреждение, а не орган власти.", "institution_id"
        )
    if site.status_since is not None and site.status_until is not None and site.status_until < site.status_since:
        raise DomainError(
            "period_reversed",
            f"Окончание срока статуса ({site.status_until:%d.%m.%Y}) раньше его начала ({site.status_since:%d.%m.%Y}).",
            "status_until",
        )
    if existing is not None:
        check_start_moved(existing.site, site, cycles)
        check_end_moved(existing.site, site, cycles)
    if existing == record:
        return []
    if existing is None:
        return [SiteRegistered(occurred_at=now, record=record, by=by)]
    return [SiteChanged(occurred_at=now, record=record, by=by)]
