"""A full year of the 18 KhMAO sites in skipped time (tests/support/year_scenario.py): every escalation the scenario's
behaviour must cause is raised on its exact instant and resolved when the thing arrives, and nothing else is."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from innocycle.devstack.postgres import PostgresCluster
from tests.conftest import time_skipping_server
from tests.support.client import Api
from tests.support.stack import Stack
from tests.support.year_scenario import REVOKED_SITE, mismatches, play
from tests.workflows.test_package_timeline import record_histories

pytestmark = pytest.mark.slow


@pytest.fixture
async def year_world(pg_cluster: PostgresCluster, work_dir: Path) -> AsyncIterator[tuple[WorkflowEnvironment, Stack]]:
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=time_skipping_server())
    address = env.client.service_client.config.target_host
    stack = Stack.start("innocycle_year", pg_cluster, address, work_dir / "logs", cheap_demo_passwords=True)
    yield env, stack
    stack.stop()
    await env.shutdown()


def _second(instant: datetime) -> datetime:
    return instant.replace(microsecond=0)


async def test_a_year_of_all_18_sites(year_world: tuple[WorkflowEnvironment, Stack]) -> None:
    env, stack = year_world
    api = Api(stack.api_url)
    played = await play(env, api)
    scenario = played.scenario
    stack.wait_until_quiet()

    assert mismatches(played, stack.query) == []
    assert len(scenario.expected) >= 15  # the designed deviations escalate; the rest of the year is on time

    # Every package of the year was accepted, C4's too; C6's after two returns.
    packages = stack.query(
        "SELECT site_id, status, submissions FROM obligations WHERE key = 'package' AND year = %s ORDER BY site_id",
        scenario.year,
    )
    assert {row[1] for row in packages} == {"approved"}
    assert dict((row[0], row[2]) for row in packages)["1.1.6"] == 3
    # The revoked platform's cycle is closed; the resource centre of the same institution carries on to the end.
    cycles = dict(stack.query("SELECT site_id, status FROM cycles WHERE year = %s", scenario.year))
    assert cycles[REVOKED_SITE] == "closed"
    assert cycles["1.1.13"] in ("active", "completed")
    left_open = stack.query(
        "SELECT obligation_id, status FROM obligations WHERE year = %s AND site_id <> %s "
        "AND status IN ('awaiting_submission', 'returned', 'under_review', 'in_progress')",
        scenario.year,
        REVOKED_SITE,
    )
    assert left_open == []
    # The dated roadmap rows (D42–D45): all done but C14's November row, closed as not done with its cycle.
    rows = stack.query(
        "SELECT site_id, instance, status FROM obligations WHERE year = %s AND key = 'roadmap_row' AND site_id <> %s",
        scenario.year,
        REVOKED_SITE,
    )
    assert len(rows) == 4 * 17
    assert [r for r in rows if r[2] != "approved"] == [("1.1.1", "1.2-2", "not_done")]
    assert cycles["1.1.1"] == "completed"
    # The region's matrix judges them like any duty of the site: C14's February row done late (by the Q1 report),
    # its November row overdue (closed never done), the others on time.
    matrix = api.get("department", "/api/region/86/matrix", params={"year": scenario.year})
    assert matrix.status_code == 200, matrix.text
    [c14] = [r for r in matrix.json()["rows"] if r["site_id"] == "1.1.1"]
    cell = next(c for c in c14["cells"] if c["key"] == "roadmap_row")
    outcomes = {i["instance"]: i["outcome"] for i in cell["instances"]}
    assert outcomes == {"1.1": "late", "1.2-1": "on_time", "3.2": "on_time", "1.2-2": "overdue"}
    year = scenario.year
    await record_histories(
        env,
        [
            f"cycle:1.2.1:{year}",  # revoked at the end of Q3
            f"cycle:1.1.6:{year}:package:annual",  # returned twice
            f"cycle:1.1.2:{year}:quarterly_report:Q3",  # more time asked and granted
            f"cycle:1.2.3:{year}:product_quota:Y",  # a risk at the end of Q3, then met
            f"cycle:1.1.11:{year}:institution_monitoring:Y",  # coverage with its справки
            f"cycle:1.1.10:{year}:registry_identified_daily:year",  # a daily registry with a gap
        ],
    )
    actions, instants = len(scenario.actions), played.instants
    print(f"\nyear of 18 sites: {played.seconds:.1f} s wall, {actions} actions at {instants} instants")
