"""A Vologda platform's criteria report (seed 003) through the REST API against the real worker, on the Temporal
test server: the platform's cycle opens the report with the catalogue in force; the 2023 figures are entered as
the seed gives them and the report shows the seed's own inconsistency (five events claimed, four listed) beside
the indicator; it is sent; the host's acting head agrees (СОГЛАСОВАНО) and the Department head approves
(УТВЕРЖДАЮ), each from their inbox; the two applications whose results come in February become follow-ups that
amend the approved report; the Department decides the platform goes on next year, and the report is done.

The story itself is ``tests/support/platform_year.py``, which ``bench/platform_year.py`` plays too."""

from __future__ import annotations

from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.client import Api
from tests.support.platform_year import play_platform_year
from tests.support.stack import Stack

pytestmark = pytest.mark.slow


async def test_a_criteria_report_from_its_figures_to_the_next_year(
    skip_env: WorkflowEnvironment, skip_api: Api, skip_stack: Stack
) -> None:
    played = await play_platform_year(skip_env, skip_api, skip_stack)
    assert played.site_id == "vo-year-omp"

    # The signatures and the next year's decision are told to the people they concern, as decisions: СОГЛАСОВАНО
    # to the Department's head, who signs next (one notice, not another for the task it opens); УТВЕРЖДАЮ to the
    # platform's director; the decision on the next year to the director and the platform's head.
    def decisions(login: str) -> list[dict[str, Any]]:
        found = skip_api.get(login, "/api/notifications", params={"limit": 200})
        assert found.status_code == 200, found.text
        return [n for n in found.json()["items"] if f"/{played.site_id}/" in n["link"] and n["kind"] == "decision"]

    department, head, responsible = (decisions(f"vo.year.{who}") for who in ("department", "head", "responsible"))
    agreed = [n for n in department if n["what"].startswith("СОГЛАСОВАНО: ")]
    assert len(agreed) == 1 and "Н.Л. Веревокина (и. о.)" in agreed[0]["what"], department
    assert agreed[0]["link"] == f"/sites/{played.site_id}/cycles/{played.year}/criteria-report"
    told = skip_api.get("vo.year.department", "/api/notifications", params={"limit": 200}).json()["items"]
    report_tasks = [n["notification_id"] for n in told if n["kind"] == "task" and "annual_report" in n["link"]]
    assert [":decide_continuation:" in i for i in report_tasks] == [True], report_tasks  # no «утвердить» task told
    assert [n["what"][:11] for n in head if n["what"].startswith("УТВЕРЖДАЮ")] == ["УТВЕРЖДАЮ: "]
    assert not [n for n in head if n["what"].startswith("СОГЛАСОВАНО")]  # the director signed it: not told again
    for told in (head, responsible):
        assert [n for n in told if f"продолжить деятельность ОМП в {played.year + 1} году" in n["what"]], told
