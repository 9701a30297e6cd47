"""Reference data: the regions of the demo (KhMAO with the 18 sites of order 135-р, Vologda, Sverdlovsk) with their
organisations and sites, recorded as events of the registry, and the demo
users (password ``demo``), registered as events like any user. Idempotent: a second run writes nothing when nothing
differs from the demo data, and keeps passwords."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.access.passwords import hash_password
from api.eventlog.log import EventLog
from api.eventlog.store import stream_version
from api.notifications import commands as notification_commands
from api.organisations.commands import record_organisation, record_region
from api.organisations.registry import load_region
from api.people import commands
from api.people.commands import SYSTEM
from api.projections import PROJECTIONS
from api.sites.commands import record_site
from api.tables import (
    council_members,
    grants,
    notification_settings,
    users,
)
from domain.eventlog import new_event
from domain.notifications import Preferences
from domain.people import GrantTerms
from domain.product.council import Position, appoint, council_stream
from domain.regulations import qms as qms_regulation
from domain.regulations.khmao import sites as khmao_sites
from innocycle import demo_regions
from innocycle.demo_people import DemoUser, demo_users

DEMO_PASSWORD = "demo"


async def seed_reference(engine: AsyncEngine) -> None:
    """The registry of the demo regions (``innocycle.demo_regions``) as events of the registry, decided like an
    administrator's changes: a region, its organisations parents first, the region's authority, then its sites.
    Nothing is recorded when nothing differs."""
    eventlog = EventLog(engine, PROJECTIONS)
    for data in demo_regions.REGIONS:
        async with engine.connect() as conn:
            known = await load_region(conn, data.region.id)
        if known is None:  # the authority is an organisation of the region: named once it is registered
            await record_region(eventlog, data.region.model_copy(update={"authority_id": None}))
        organisations = list(data.organisations)
        if data is demo_regions.KHMAO:  # seed 004: the institution of the unit of document control
            authority = demo_regions.KHMAO_AUTHORITY.id
            organisations.append(qms_regulation.INSTITUTION.model_copy(update={"parent_id": authority}))
        for organisation in organisations:
            await record_organisation(eventlog, organisation)
        await record_region(eventlog, data.region)
        for site, direction_title in data.sites:
            await record_site(eventlog, site, direction_title)


async def seed_users(engine: AsyncEngine, people: list[DemoUser] | None = None, password: str = DEMO_PASSWORD) -> None:
    """Every demo account with its grants, through the commands of the people context (events the log keeps, so a
    rebuild of the projections keeps them). An account that exists gets its name, position and grants back as the
    demo data has them; its password is kept."""
    people = demo_users() if people is None else people
    password_hash = hash_password(password)
    eventlog = EventLog(engine, PROJECTIONS)
    for person in people:
        wanted = [GrantTerms(role=g.role, scope_kind=g.scope_kind, scope_id=g.scope_id) for g in person.grants]
        async with engine.connect() as conn:
            existing = (
                await conn.execute(select(users.c.id).where(users.c.login == person.login))
            ).scalar_one_or_none()
        if existing is None:
            await commands.register(
                eventlog,
                SYSTEM,
                login=person.login,
                full_name=person.full_name,
                position=person.position,
                password_hash=password_hash,
                grants_given=wanted,
            )
            continue
        user_id = str(existing)
        await commands.change(eventlog, SYSTEM, user_id, full_name=person.full_name, position=person.position)
        await _demo_grants(eventlog, user_id, wanted)
    await seed_council(engine, eventlog, people)
    await seed_addresses(engine, eventlog, people)


DEMO_MAIL_DOMAIN = "innocycle.test"  # reserved for testing (RFC 2606): nothing is ever delivered there for real


async def seed_addresses(engine: AsyncEngine, eventlog: EventLog, people: list[DemoUser]) -> None:
    """Every demo person gets an e-mail address, ``{login}@innocycle.test``, once: an address a person has chosen
    since is kept. ``make run`` sends their mail to the local SMTP sink (``/dev/mail``)."""
    async with engine.connect() as conn:
        ids = dict((await conn.execute(select(users.c.login, users.c.id))).tuples().all())
        chosen = set((await conn.execute(select(notification_settings.c.user_id))).scalars().all())
    for person in people:
        user_id = ids.get(person.login)
        if user_id is None or user_id in chosen:
            continue
        address = Preferences(email=f"{person.login}@{DEMO_MAIL_DOMAIN}")
        await notification_commands.choose(eventlog, str(user_id), address)


async def seed_council(engine: AsyncEngine, eventlog: EventLog, people: list[DemoUser]) -> None:
    """The demo people with a seat in the expert council (D46), appointed to it once: a seat as the demo data has
    it is not appointed again."""
    region = khmao_sites.REGION.id
    stream = council_stream(region)
    async with engine.connect() as conn:
        seated = {
            row.user_id: (row.organisation, row.institution_id, tuple(row.areas), row.position)
            for row in (
                await conn.execute(
                    select(council_members).where(council_members.c.region_id == region, council_members.c.active)
                )
            ).all()
        }
        ids = dict((await conn.execute(select(users.c.login, users.c.id))).tuples().all())
    appointed = []
    for person in people:
        seat = person.council
        if seat is None or person.login not in ids:
            continue
        user_id = str(ids[person.login])
        if seated.get(user_id) == (seat.organisation, seat.institution_id, seat.areas, seat.position):
            continue
        appointed += appoint(
            user_id=user_id,
            full_name=person.full_name,
            organisation=seat.organisation,
            institution_id=seat.institution_id,
            areas=seat.areas,
            position=Position(seat.position),
            by="demo",
            now=datetime.now(UTC),
        )
    if appointed:
        async with engine.connect() as conn:
            version = await stream_version(conn, stream)
        await eventlog.append(stream, version, [new_event(e, str(uuid.uuid4()), {}) for e in appointed])


async def _demo_grants(eventlog: EventLog, user_id: str, wanted: list[GrantTerms]) -> None:
    """Withdraw every grant of the user that the demo data does not give, and give what is missing."""
    async with eventlog.engine.connect() as conn:
        rows = (await conn.execute(select(grants).where(grants.c.user_id == user_id))).all()
    missing = list(wanted)
    for row in rows:
        held = GrantTerms(
            role=row.role,
            scope_kind=row.scope_kind,
            scope_id=row.scope_id,
            acting=row.acting,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
        )
        if held in missing:
            missing.remove(held)
        else:
            await commands.withdraw(eventlog, SYSTEM, user_id, str(row.grant_id))
    for terms in missing:
        await commands.grant(eventlog, SYSTEM, user_id, terms)
