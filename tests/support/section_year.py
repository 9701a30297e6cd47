"""A scripted year of the Sverdlovsk methodological sections of one management district (seed 000) in skipped time,
through the real API: the ОМЦ, the district's base organisation and its sections as sites with cycles of their own
(D10); every section's plan sent and approved, its first-half meeting held, its Q1 report accepted by the base
organisation; the district's Q1 report accepted by the ОМЦ and the ОМЦ's generalised data by the Ministry; the
second half-year passes without a meeting, and every section's H2 escalates. Used by ``bench/section_year.py``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from domain.regulations.sverdlovsk import REGION_ID, REGULATION
from innocycle.demo_files import docx_bytes
from tests.support.client import Api, obligation_path, until
from tests.support.oracle import Clock, ReferenceCalendar
from tests.support.stack import Stack

CLOCK = Clock("Asia/Yekaterinburg")
PASSWORD = "demo-password"


@dataclass
class PlayedYear:
    year: int
    sections: int
    seconds: float = 0.0
    actions: int = 0
    latencies: list[float] = field(default_factory=list)
    h2_escalated: int = 0


def _register(stack: Stack, api: Api, sections: int, prefix: str) -> tuple[list[str], str, str]:
    stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Свердловская область', 'Asia/Yekaterinburg') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        REGION_ID,
    )
    base_org, omc_org = f"{prefix}-base-org", f"{prefix}-omc-org"
    for org, name in ((base_org, "Базовая методическая организация"), (omc_org, "ОМЦ")):
        stack.query(
            "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, '') "
            "ON CONFLICT DO NOTHING RETURNING 1",
            org, REGION_ID, name, name,
        )  # fmt: skip
    section_ids = [f"{prefix}-s{n}" for n in range(1, sections + 1)]
    tiers = [(s, base_org, "methodological_section") for s in section_ids]
    tiers += [
        (f"{prefix}-base", base_org, "base_methodological_organisation"),
        (f"{prefix}-omc", omc_org, "methodological_centre"),
    ]
    for site, org, status in tiers:
        stack.query(
            "INSERT INTO directions (id, region_id, title) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
            site, REGION_ID, f"Секция {site}",
        )  # fmt: skip
        stack.query(
            "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
            "regulation_id) VALUES (%s, %s, %s, %s, %s, %s, '', '000', %s) ON CONFLICT DO NOTHING RETURNING 1",
            site, REGION_ID, org, site, status, site.upper(), REGULATION.id,
        )  # fmt: skip
    people: list[tuple[str, list[tuple[str, str, str]]]] = [
        (f"{prefix}.leader", [("site_responsible", "site", s) for s in section_ids]),
        (f"{prefix}.base", [("site_director", "institution", base_org)]),
        (f"{prefix}.omc", [("rcrso_director", "region", REGION_ID), ("site_director", "site", f"{prefix}-omc")]),
        (f"{prefix}.specialist", [("curator", "region", REGION_ID)]),
        (f"{prefix}.ministry", [("department", "region", REGION_ID)]),
    ]
    for login, grants in people:
        created = api.post("admin", "/api/admin/users", json={"login": login, "full_name": login, "password": PASSWORD})
        assert created.status_code == 201, created.text
        api.token(login, PASSWORD)
        for role, kind, scope in grants:
            api.grant(login, role, kind, scope)
    return section_ids, f"{prefix}-base", f"{prefix}-omc"


async def play(env: WorkflowEnvironment, api: Api, stack: Stack, sections: int, prefix: str = "bench-sv") -> PlayedYear:
    start = await env.get_current_time()
    played = PlayedYear(year=start.year + 1, sections=sections)
    year = played.year
    calendar = ReferenceCalendar(range(year - 1, year + 2))
    section_ids, base, omc = _register(stack, api, sections, prefix)
    leader, base_head, omc_head = f"{prefix}.leader", f"{prefix}.base", f"{prefix}.omc"
    specialist, ministry = f"{prefix}.specialist", f"{prefix}.ministry"
    began = time.monotonic()

    def timed(response: Any) -> Any:
        played.actions += 1
        assert response.status_code in (200, 201), response.text
        return response

    def send(login: str, site: str, key: str, instance: str, data: dict[str, Any] | None = None) -> None:
        detail = api.get(login, obligation_path(site, year, key, instance)).json()
        items = {}
        for item in detail["items"]:
            if item["required"]:
                uploaded = api.upload(login, site, f"{key}.docx", docx_bytes(key))
                items[item["key"]] = uploaded.json()["file_id"]
        t0 = time.monotonic()
        timed(api.submit(site, year, login, items, data=data, key=key, instance=instance))
        played.latencies.append(time.monotonic() - t0)

    def accept(login: str, site: str, key: str, instance: str) -> None:
        t0 = time.monotonic()
        timed(api.decide(site, year, login, "approve", key=key, instance=instance))
        played.latencies.append(time.monotonic() - t0)

    for site in (*section_ids, base, omc):
        timed(api.open_cycle(site, year, login="admin"))
    for site in section_ids:
        send(leader, site, "annual_plan", "annual")
        accept(base_head, site, "annual_plan", "annual")
    await _sleep_until(env, CLOCK.at(date(year, 4, 2)))
    meeting = {"form": "meeting", "held_on": f"{year}-03-14", "format": "in_person", "topic": "Стандарты"}
    for site in section_ids:
        send(leader, site, "section_meetings", "H1", data=meeting)
        send(leader, site, "quarterly_report", "Q1")
        accept(base_head, site, "quarterly_report", "Q1")
    send(base_head, base, "district_quarterly_report", "Q1")
    accept(specialist, base, "district_quarterly_report", "Q1")
    send(omc_head, omc, "regional_quarterly_data", "Q1")
    accept(ministry, omc, "regional_quarterly_data", "Q1")
    h2_due = calendar.roll(date(year, 12, 31))
    await _sleep_until(env, CLOCK.end_of(h2_due) + timedelta(minutes=1))
    stack.wait_until_quiet()

    def late_halves() -> int:
        rows = api.get(specialist, "/api/escalations", params={"year": year}).json()
        return len(
            {
                r["site_id"]
                for r in rows
                if r["obligation_id"].endswith(":section_meetings:H2") and r["level"] == "overdue"
            }
        )

    played.h2_escalated = until(late_halves, lambda n: n == sections, 60)
    played.seconds = time.monotonic() - began
    return played


async def _sleep_until(env: WorkflowEnvironment, instant: Any) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)
