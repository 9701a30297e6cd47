"""The region's own year in skipped time (D26–D29), through the real worker, API and PostgreSQL: the cycles of the
next year of every site open by themselves on 1 November, and only once (a cycle opened by hand is skipped, a
second start of the region's workflow and a second opening do nothing); a site whose status begins on 1 April owes
nothing due before it; the сборник of the year opens with them. A site left without a curator is an escalation to
the RCRSO director at once when the grant is withdrawn, and by itself when a grant's term ends; granting a curator
resolves it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from domain.region import opening_instant
from domain.regulations.khmao.order_135r import REGULATION
from innocycle.devstack.postgres import PostgresCluster
from innocycle.worker import start_region_workflows
from tests.conftest import time_skipping_server
from tests.support.client import Api, until
from tests.support.stack import Stack

pytestmark = pytest.mark.slow

TZ = ZoneInfo("Asia/Yekaterinburg")
MIDYEAR_SITE = "1.1.3"
BY_HAND = "1.1.5"


@pytest.fixture(scope="module")
async def region_world(pg_cluster: PostgresCluster, work_dir: Path) -> AsyncIterator[tuple[WorkflowEnvironment, Stack]]:
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=time_skipping_server())
    name = f"innocycle_region_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # the tests may run apart
    address = env.client.service_client.config.target_host
    stack = Stack.start(name, pg_cluster, address, work_dir / "logs", cheap_demo_passwords=True)
    yield env, stack
    stack.stop()
    await env.shutdown()


def pydantic_client(env: WorkflowEnvironment) -> Client:
    return Client(env.client.service_client, namespace=env.client.namespace, data_converter=pydantic_data_converter)


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def cycles_of(stack: Stack, year: int) -> dict[str, datetime]:
    return dict(
        stack.query(
            "SELECT site_id, started_at FROM cycles JOIN sites ON sites.id = site_id WHERE year = %s "
            "AND sites.region_id = '86'",
            year,
        )
    )


def cycle_starts(stack: Stack, year: int) -> dict[str, int]:
    rows = stack.query(
        "SELECT stream_id, count(*) FROM events WHERE event_type = 'CycleStarted' AND stream_id LIKE %s "
        "GROUP BY stream_id",
        f"cycle:%:{year}",
    )
    return {stream.split(":")[1]: count for stream, count in rows}


async def test_next_years_cycles_open_by_themselves_on_their_date_and_only_once(
    region_world: tuple[WorkflowEnvironment, Stack],
) -> None:
    env, stack = region_world
    api = Api(stack.api_url)
    now = await env.get_current_time()
    year = now.year + 2  # its cycles open on 1 November of next year: ahead of the test server's clock
    assert REGULATION.cycle_opening is not None
    opens = opening_instant(REGULATION.cycle_opening, year, "Asia/Yekaterinburg")
    assert opens.astimezone(TZ).date() == date(year - 1, 11, 1)
    sites = [row[0] for row in stack.query("SELECT id FROM sites WHERE region_id = '86' ORDER BY id")]
    assert len(sites) == 18

    # The Department's order gives 1.1.3 its status from 1 April: no cycle of the year before, one from that day.
    stack.query("UPDATE sites SET status_since = %s WHERE id = %s RETURNING id", date(year, 4, 1), MIDYEAR_SITE)
    refused = api.open_cycle(MIDYEAR_SITE, year - 1)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "status_not_in_force"
    # The RCRSO opened one site's cycle by hand, early.
    assert api.open_cycle(BY_HAND, year).status_code == 201

    # Every worker starts the region's workflow at start-up: the first start counts, the others change nothing.
    client = pydantic_client(env)
    # One per region with a regulation: KhMAO on its own date, Vologda and Sverdlovsk on the default one (1 December).
    started = await start_region_workflows(client, "innocycle", next_year=year)
    assert sorted(started) == ["region:35", "region:66", "region:86"]
    assert await start_region_workflows(client, "innocycle", next_year=year) == []
    assert await start_region_workflows(client, "innocycle") == []

    await sleep_until(env, opens - timedelta(days=1))
    assert set(cycles_of(stack, year)) == {BY_HAND}  # nothing opens before its date

    await sleep_until(env, opens + timedelta(hours=1))
    opened = until(lambda: cycles_of(stack, year), lambda c: len(c) == 18, seconds=60)
    assert set(opened) == set(sites)
    for site_id, started_at in opened.items():
        if site_id != BY_HAND:
            assert opens <= started_at <= opens + timedelta(hours=1), (site_id, started_at)
    assert opened[BY_HAND] < opens - timedelta(days=300)  # the cycle opened by hand was left as it was
    stack.wait_until_quiet()
    assert cycle_starts(stack, year) == dict.fromkeys(sites, 1)

    # The site whose status begins on 1 April owes nothing due before it: no package due 20 December.
    (starts_on,) = stack.query(
        "SELECT data->>'starts_on' FROM events WHERE stream_id = %s AND event_type = 'CycleStarted'",
        f"cycle:{MIDYEAR_SITE}:{year}",
    )[0]
    assert starts_on == f"{year}-04-01"
    packages = dict(stack.query("SELECT site_id, status FROM obligations WHERE key = 'package' AND year = %s", year))
    assert MIDYEAR_SITE not in packages
    assert packages["1.1.4"] == "awaiting_submission"
    due = stack.query("SELECT min(nominal_due) FROM obligations WHERE site_id = %s AND year = %s", MIDYEAR_SITE, year)[
        0
    ][0]
    assert due >= date(year, 4, 1)
    # The сборник of the year opened with the cycles.
    assert stack.query("SELECT status FROM obligations WHERE obligation_id = %s", f"compendium:86:{year}")

    # Opening again — by the workflow's own path or by hand — opens nothing.
    again = httpx.post(
        f"{stack.api_url}/internal/regions/86/cycles/{year}",
        headers={"Authorization": f"Bearer {stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=30,
    )
    assert again.status_code == 200, again.text
    assert again.json()["opened"] == []
    assert sorted(again.json()["already_open"]) == sorted(sites)
    assert again.json()["compendium"] == "already_open"
    assert api.open_cycle("1.1.4", year).status_code == 409
    stack.wait_until_quiet()
    assert cycle_starts(stack, year) == dict.fromkeys(sites, 1)

    # The workflow carries on for the year after.
    description = await env.client.get_workflow_handle("region:86").describe()
    assert description.status == WorkflowExecutionStatus.RUNNING
    assert not cycles_of(stack, year + 1)


def curator_gaps(stack: Stack, site_id: str) -> list[tuple[Any, ...]]:
    return stack.query(
        "SELECT escalation_id, level, notify, raised_at, resolved_at, due_nominal FROM escalations "
        "WHERE site_id = %s AND obligation_id LIKE %s ORDER BY raised_at",
        site_id,
        "curators:%",
    )


def grant_of(api: Api, login: str, role: str) -> dict[str, Any]:
    user = api.get("admin", f"/api/admin/users/{api.user_id(login)}").json()
    return next(g for g in user["grants"] if g["role"] == role)


async def test_a_site_left_without_a_curator_escalates_to_the_rcrso_director_until_one_is_granted(
    region_world: tuple[WorkflowEnvironment, Stack],
) -> None:
    env, stack = region_world
    api = Api(stack.api_url)
    site_id, login = "1.1.6", "curator.1.1.6"
    direction = stack.query("SELECT direction_id FROM sites WHERE id = %s", site_id)[0][0]
    assert stack.query("SELECT count(*) FROM sites WHERE direction_id = %s", direction)[0][0] == 1
    assert curator_gaps(stack, site_id) == []
    # The region's workflow runs (started by the test before, or now when this test runs alone).
    await start_region_workflows(pydantic_client(env), "innocycle", next_year=(await env.get_current_time()).year + 2)

    # The curator leaves: her grant is withdrawn. The site escalates to the RCRSO director at once.
    api.revoke_grant(login, grant_of(api, login, "curator")["grant_id"])
    (gap,) = curator_gaps(stack, site_id)
    today = datetime.now(UTC).astimezone(TZ).date()  # the API's clock: a command is checked as it happens
    assert gap[1] == "level2" and gap[2] == ["rcrso_director"] and gap[4] is None and gap[5] == today
    listed = api.get("rcrso", "/api/region/86/curators")
    assert listed.status_code == 200, listed.text
    row = next(r for r in listed.json() if r["site_id"] == site_id)
    assert row["curators"] == [] and row["status_ru"] == "куратор не назначен"
    assert row["missing_since"] == today.isoformat()
    assert next(r for r in listed.json() if r["site_id"] == "1.1.5")["curators"] == ["Ширяева Марина Анатольевна"]
    seen = api.get("rcrso", "/api/region/escalations", params={"region_id": "86", "open": "true", "site_id": site_id})
    assert [item["escalation_id"] for item in seen.json()["items"]] == [gap[0]]
    assert api.get("director.1.1.6", "/api/region/86/curators").status_code == 403

    # A curator is appointed until a date ten days ahead of the workflows' clock: resolved now, and raised again
    # by the region's workflow by itself the day after (its clock is the test server's, skipped ahead).
    until_day = (await env.get_current_time()).astimezone(TZ).date() + timedelta(days=10)
    api.grant(login, "curator", "direction", direction, valid_until=until_day.isoformat())
    (gap,) = curator_gaps(stack, site_id)
    assert gap[4] is not None
    assert next(r for r in api.get("rcrso", "/api/region/86/curators").json() if r["site_id"] == site_id)[
        "curators"
    ] == ["Латышева Юлия Дмитриевна"]

    end = datetime.combine(until_day + timedelta(days=1), datetime.min.time(), TZ)
    await sleep_until(env, end + timedelta(hours=2))
    gaps = until(lambda: curator_gaps(stack, site_id), lambda rows: len(rows) == 2, seconds=30)
    assert gaps[1][3] - end < timedelta(minutes=5)  # at the instant the term ended, not at the next check
    assert gaps[1][5] == until_day + timedelta(days=1) and gaps[1][4] is None

    # Granted for good: resolved.
    api.grant(login, "curator", "direction", direction)
    assert all(row[4] is not None for row in curator_gaps(stack, site_id))
    assert (
        next(r for r in api.get("rcrso", "/api/region/86/curators").json() if r["site_id"] == site_id)["missing_since"]
        is None
    )
