"""`innocycle rebuild-projections` replays the log into emptied projection tables and gets the same tables."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from api.tables import PROJECTION_TABLES
from tests.support.client import Api, region_today, until
from tests.support.stack import Stack


def _dump(stack: Stack) -> dict[str, list[tuple[Any, ...]]]:
    tables = {}
    for table in PROJECTION_TABLES:
        keys = ", ".join(column.name for column in table.primary_key.columns)
        tables[table.name] = stack.query(f"SELECT * FROM {table.name} ORDER BY {keys}")
    return tables


def _realistic_log(api: Api) -> None:
    # Three sites of one year: approved after a return, under review, never sent; and a late first-year cycle.
    year = 2035
    for site_id in ("1.1.13", "1.2.1", "1.1.14"):
        assert api.open_cycle(site_id, year).status_code == 201
    items = api.upload_package("1.1.13", year, "director.1.1.13")
    assert api.submit("1.1.13", year, "director.1.1.13", items).status_code == 200
    assert api.decide("1.1.13", year, "curator.1.1.13", "return", "Нет подписи директора").status_code == 200
    assert api.submit("1.1.13", year, "responsible.1.1.13", items).status_code == 200
    assert api.decide("1.1.13", year, "curator.1.1.13", "approve").status_code == 200
    # The approved roadmap's dated rows open (D42); one is marked done with a note (D44).
    dated = f"/api/sites/1.1.13/cycles/{year}/dated-rows"
    until(lambda: api.get("director.1.1.13", dated).json(), lambda rows: len(rows) == 4)
    marked = api.post(
        "director.1.1.13",
        f"/api/sites/1.1.13/cycles/{year}/obligations/roadmap_row/1.1/done",
        json={"fact_date": region_today().isoformat(), "note": "Положение утверждено"},
    )
    assert marked.status_code == 200, marked.text
    assert api.submit("1.2.1", year, "director.1.2.1", api.upload_package("1.2.1", year, "director.1.2.1")).is_success
    # everything of 2022 opens at once, and escalates (1.1.3 of 2022 is the C12 story of test_public_report_…)
    assert api.open_cycle("1.1.9", 2022).status_code == 201


def test_rebuild_gives_identical_projection_tables(api: Api, dev_stack: Stack) -> None:
    _realistic_log(api)
    dev_stack.wait_until_quiet()
    before = _dump(dev_stack)
    projected = ("cycles", "obligations", "submissions", "decisions", "escalations", "roadmap_row_marks")
    assert all(before[name] for name in projected)
    dev_stack.query("UPDATE obligations SET status = 'tampered' RETURNING 1")  # a projection gone wrong
    result = subprocess.run(
        [sys.executable, "-m", "innocycle.cli", "rebuild-projections"],
        env=dev_stack.env,
        capture_output=True,
        text=True,
        check=True,
    )
    events = dev_stack.query("SELECT count(*) FROM events")[0][0]
    assert f"replayed {events} events" in result.stdout
    assert _dump(dev_stack) == before
