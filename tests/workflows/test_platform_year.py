"""A Vologda platform's criteria report (seed 003) through the REST API against the real worker, on the Temporal
test server: the platform's cycle opens the report with the catalogue in force; the 2023 figures are entered as
the seed gives them and the report shows the seed's own inconsistency (five events claimed, four listed) beside
the indicator; it is sent; the host's acting head agrees (СОГЛАСОВАНО) and the Department head approves
(УТВЕРЖДАЮ), each from their inbox; the two applications whose results come in February become follow-ups that
amend the approved report; the Department decides the platform goes on next year, and the report is done.

The story itself is ``tests/support/platform_year.py``, which ``bench/platform_year.py`` plays too."""

from __future__ import annotations

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
