"""The recorded histories were written before the kinds ``coverage`` and ``registry`` existed: the monitoring of
institutions (4.1) was a ``quota`` and the registries kept on a cadence ``collection``. Their workflow inputs and
the events their activities appended read with the new kinds, and the runner that follows from the kind is the one
recorded then — the same child workflows, the same runner in every event (``test_replay`` replays them whole)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from temporalio.api.common.v1 import Payload
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter

from domain.common import event_from_stored
from domain.cycle import DATED_RULES, Runner, runner_for
from domain.deadlines import Recurrence
from domain.eventlog import AppendRequest
from domain.obligations import ObligationOpened, ObligationPlanned
from domain.regulations.model import Obligation, ObligationKind
from workflows.cycle import CycleInput
from workflows.obligation import ObligationInput
from workflows.product import ExpertiseInput
from workflows.quota import QuotaInput

ROOT = Path(__file__).parent / "histories"
HISTORIES = sorted(ROOT.rglob("*.json.gz"))
INPUT_OF = {
    "SiteYearCycleWorkflow": CycleInput,
    "QuotaWorkflow": QuotaInput,
    "SubmissionWorkflow": ObligationInput,
    "FreshnessWorkflow": ObligationInput,
    "RoadmapRowWorkflow": ObligationInput,
    "ExpertiseWorkflow": ExpertiseInput,
    "CriteriaReportWorkflow": ObligationInput,
}
# Workflows that carry no obligation in their input (a region's daily digest, a controlled document of the QMS):
# nothing of theirs to read again.
WITHOUT_OBLIGATIONS = {"DigestWorkflow", "ControlledDocumentWorkflow"}
WORKFLOW_OF = {
    Runner.SUBMISSION: "SubmissionWorkflow",
    Runner.QUOTA: "QuotaWorkflow",
    Runner.COVERAGE: "QuotaWorkflow",
    Runner.FRESHNESS: "FreshnessWorkflow",
    Runner.ROADMAP_ROW: "RoadmapRowWorkflow",
    Runner.EXPERTISE: "ExpertiseWorkflow",
    Runner.CRITERIA_REPORT: "CriteriaReportWorkflow",
}


def history_events(path: Path) -> list[HistoryEvent]:
    return list(WorkflowHistory.from_json(path.name, gzip.decompress(path.read_bytes()).decode()).events)


def decode(payloads: Any, model: type[Any]) -> Any:
    return pydantic_data_converter.payload_converter.from_payloads(list(payloads), [model])[0]


def obligations_of(workflow_input: Any) -> list[Obligation]:
    if isinstance(workflow_input, CycleInput):
        return list(workflow_input.regulation.obligations)
    spravka = [workflow_input.spravka] if isinstance(workflow_input, QuotaInput) and workflow_input.spravka else []
    return [workflow_input.obligation, *spravka]


def raw_obligations(payload: Payload) -> Iterator[dict[str, Any]]:
    """The obligations in a payload as they were stored: JSON objects with a key, a kind and a citation."""

    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if {"key", "kind", "citation", "deadline"} <= node.keys():
                yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    yield from walk(json.loads(payload.data))


def workflow_inputs() -> Iterator[tuple[str, Payload]]:
    for path in HISTORIES:
        for event in history_events(path):
            if event.HasField("workflow_execution_started_event_attributes"):
                started = event.workflow_execution_started_event_attributes
                yield started.workflow_type.name, started.input.payloads[0]
            if event.HasField("start_child_workflow_execution_initiated_event_attributes"):
                child = event.start_child_workflow_execution_initiated_event_attributes
                yield child.workflow_type.name, child.input.payloads[0]


def appended_obligation_events() -> Iterator[ObligationPlanned | ObligationOpened]:
    """What the workflows asked the API to append (activity-append histories keep the request in the history)."""
    for path in HISTORIES:
        for event in history_events(path):
            if not event.HasField("activity_task_scheduled_event_attributes"):
                continue
            scheduled = event.activity_task_scheduled_event_attributes
            if scheduled.activity_type.name != "record_events":
                continue
            request = decode(scheduled.input.payloads, AppendRequest)
            for new in request.events:
                if new.event_type in ("ObligationPlanned", "ObligationOpened"):
                    model = event_from_stored(new.event_type, new.data, new.schema_version)
                    assert isinstance(model, ObligationPlanned | ObligationOpened)
                    yield model


def test_the_histories_hold_obligations_of_the_old_kinds() -> None:
    stored = [o for _type, payload in workflow_inputs() for o in raw_obligations(payload)]
    assert any(o["key"] == "institution_monitoring" and o["kind"] == "quota" for o in stored)
    assert any(o["kind"] == "collection" and o["deadline"]["kind"] == "recurrence" for o in stored)
    assert not any(o["kind"] in ("coverage", "registry") for o in stored)


def test_recorded_workflow_inputs_read_with_the_new_kinds_and_start_the_same_workflows() -> None:
    seen: set[ObligationKind] = set()
    for workflow_type, payload in workflow_inputs():
        if workflow_type in WITHOUT_OBLIGATIONS:
            continue
        workflow_input = decode([payload], INPUT_OF[workflow_type])
        for obligation in obligations_of(workflow_input):
            if obligation.key == "institution_monitoring":
                assert obligation.kind == ObligationKind.COVERAGE
            if obligation.kind == ObligationKind.COLLECTION:
                assert not isinstance(obligation.deadline, Recurrence)  # a cadence reads as a registry
            seen.add(obligation.kind)
        if not isinstance(workflow_input, CycleInput) and isinstance(workflow_input.obligation.deadline, DATED_RULES):
            # The workflow that ran the instance is the one its kind names now.
            assert WORKFLOW_OF[runner_for(workflow_input.obligation)] == workflow_type, workflow_input.ref
    assert {ObligationKind.COVERAGE, ObligationKind.REGISTRY} <= seen


def test_recorded_events_carry_the_runner_their_kind_names_now() -> None:
    events = list(appended_obligation_events())
    assert any(e.obligation.kind == ObligationKind.COVERAGE for e in events)
    assert any(e.obligation.kind == ObligationKind.REGISTRY for e in events)
    for event in events:
        if isinstance(event, ObligationOpened) and not isinstance(event.obligation.deadline, DATED_RULES):
            continue  # a справка, opened by the monitoring it reports on: run as a submission, planned as none
        assert runner_for(event.obligation).value == event.runner, event.ref.obligation_id
