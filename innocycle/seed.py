"""Reference data: the KhMAO region, institutions, directions and the 18 sites of order 135-р, and the demo
users (password ``demo``). Idempotent: a second run changes nothing a user changed (passwords are kept)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from api.access.passwords import hash_password
from api.tables import directions, grants, institutions, regions, sites, users
from domain.regulations.khmao import order_135r as khmao_135r
from domain.regulations.khmao import sites as khmao_sites
from innocycle.demo_people import DemoUser, demo_users

DEMO_PASSWORD = "demo"


async def seed_reference(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        region = khmao_sites.REGION
        await conn.execute(
            insert(regions)
            .values(id=region.id, name=region.name, timezone=region.timezone)
            .on_conflict_do_update(index_elements=["id"], set_={"name": region.name, "timezone": region.timezone})
        )
        for institution in khmao_sites.INSTITUTIONS:
            values = institution.model_dump()
            await conn.execute(
                insert(institutions).values(**values).on_conflict_do_update(index_elements=["id"], set_=values)
            )
        for direction in khmao_sites.DIRECTIONS:
            values = direction.model_dump()
            await conn.execute(
                insert(directions).values(**values).on_conflict_do_update(index_elements=["id"], set_=values)
            )
        for site in khmao_sites.SITES:
            values = {**site.model_dump(mode="json"), "regulation_id": khmao_135r.REGULATION_ID}
            await conn.execute(insert(sites).values(**values).on_conflict_do_update(index_elements=["id"], set_=values))


async def seed_users(engine: AsyncEngine, people: list[DemoUser] | None = None, password: str = DEMO_PASSWORD) -> None:
    people = demo_users() if people is None else people
    password_hash = hash_password(password)
    async with engine.begin() as conn:
        for person in people:
            existing = (
                await conn.execute(select(users.c.id).where(users.c.login == person.login))
            ).scalar_one_or_none()
            if existing is None:
                user_id = str(uuid.uuid4())
                await conn.execute(
                    users.insert().values(
                        id=user_id,
                        login=person.login,
                        full_name=person.full_name,
                        position=person.position,
                        password_hash=password_hash,
                    )
                )
            else:
                user_id = str(existing)
                await conn.execute(
                    users.update()
                    .where(users.c.id == user_id)
                    .values(full_name=person.full_name, position=person.position)
                )
            await conn.execute(delete(grants).where(grants.c.user_id == user_id))
            await conn.execute(
                grants.insert(),
                [
                    {"user_id": user_id, "role": g.role.value, "scope_kind": g.scope_kind.value, "scope_id": g.scope_id}
                    for g in person.grants
                ],
            )
