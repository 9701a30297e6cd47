"""A ladder step that a calendar correction moved later, and whose new time then came, is open again in the
escalations everyone reads — the projection follows the domain, which re-arms the step under the same id."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import httpx

from api.calendar.service import production_calendar
from domain.deadlines import deadline_for
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved, escalation_id
from domain.eventlog import new_event
from domain.obligations import ObligationOpened, ObligationRef
from domain.people import Role
from domain.regulations.khmao.order_135r import ANNUAL_PACKAGE, TIMEZONE
from tests.support.client import Api
from tests.support.stack import Stack

# A year no workflow of the suite touches (tests/faults/test_stream_ahead.py owns 1.1.4/2041): the events below
# are the whole stream.
SITE, YEAR = "1.1.4", 2042


def test_a_step_raised_again_after_a_calendar_change_is_open_again(api: Api, dev_stack: Stack) -> None:
    oid = f"cycle:{SITE}:{YEAR}:package:annual"
    now = datetime.now(UTC)
    opened = ObligationOpened(
        occurred_at=now,
        ref=ObligationRef(
            obligation_id=oid,
            cycle_id=f"cycle:{SITE}:{YEAR}",
            site_id=SITE,
            year=YEAR,
            key="package",
            instance="annual",
        ),
        obligation=ANNUAL_PACKAGE,
        regulation_id="khmao-135r",
        regulation_version=1,
        deadline=deadline_for(ANNUAL_PACKAGE.deadline, YEAR, production_calendar([YEAR - 1, YEAR]), TIMEZONE),
    )
    esc_id = escalation_id(oid, 0, EscalationLevel.OVERDUE)
    raised = EscalationRaised(
        occurred_at=now,
        escalation_id=esc_id,
        level=EscalationLevel.OVERDUE,
        phase=0,
        due_nominal=date(YEAR - 1, 12, 20),
        due_effective=date(YEAR - 1, 12, 20),
        notify=(Role.CURATOR,),
    )
    moved = EscalationResolved(
        occurred_at=now, escalation_id=esc_id, level=EscalationLevel.OVERDUE, resolution="calendar_changed"
    )
    again = raised.model_copy(update={"due_effective": date(YEAR - 1, 12, 21)})
    internal = httpx.Client(
        base_url=dev_stack.api_url, headers={"Authorization": f"Bearer {dev_stack.env['INNOCYCLE_SERVICE_TOKEN']}"}
    )

    def append(version: int, *events: object) -> None:
        body = [new_event(e, str(uuid.uuid4()), {}).model_dump(mode="json") for e in events]
        response = internal.post(f"/internal/streams/{oid}/events", json={"expected_version": version, "events": body})
        assert response.status_code == 200, response.text

    def shown() -> list[dict[str, object]]:
        params = {"site_id": SITE, "year": YEAR}
        found: list[dict[str, object]] = api.get("curator.1.1.4", "/api/escalations", params=params).json()
        return found

    append(0, opened, raised, moved)
    assert [e["resolved_at"] is not None for e in shown()] == [True]
    append(3, again)
    [escalation] = shown()
    assert (escalation["open"], escalation["resolution"]) == (True, None)
    assert escalation["due"] == {"nominal": f"{YEAR - 1}-12-20", "effective": f"{YEAR - 1}-12-21"}
    internal.close()
