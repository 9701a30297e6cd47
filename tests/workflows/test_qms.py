"""QMS document control end to end (issue 16, seed 004), through the REST API against the real worker, in skipped
time on the Temporal test server: a unit with two employees; the head drafts version 3.0 of its положение and it goes
through the seed's chain — «Разработано», three concurrences, a return for revision by the legal counsel, the chain
again, «УТВЕРЖДАЮ» with the approval number and date — each step a task in the signatory's inbox; it comes into force
on its date and every employee is asked to acknowledge it; one does at once, the other is late, reminded and escalated
to the unit's head and then the deputy director; a newcomer gets the task on arrival; a change is logged within the
version; version 4.0 then supersedes 3.0 on its date, with an empty change log and a new campaign. With
INNOCYCLE_RECORD_HISTORIES, the document's history is kept for the replay tests. The story itself is
``tests/support/qms_story.py``, which ``bench/qms_year.py`` plays too."""

from __future__ import annotations

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.client import Api
from tests.support.qms_story import play_document
from tests.workflows.test_package_timeline import record_histories

pytestmark = pytest.mark.slow


async def test_a_controlled_document_signed_off_enacted_acknowledged_and_superseded(
    skip_env: WorkflowEnvironment, skip_api: Api
) -> None:
    played = await play_document(skip_env, skip_api)
    await record_histories(skip_env, [f"qms:{played.document_id}"])
