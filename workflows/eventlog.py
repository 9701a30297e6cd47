"""Writing a workflow's own event stream through the ``record_events`` activity.

The workflow is the only writer of its stream, so it knows the expected version; event ids come from the
workflow's deterministic random, so a retried or replayed append carries the same ids and the store keeps one
copy.

The activity runs as a local activity: in the worker, within the workflow task that decided the events, so a
command's update completes in one workflow task instead of waiting for an activity task and a second workflow
task. Its result is recorded as a marker; were the worker to die before the workflow task completes, the task
runs again and so does the append, which the store answers from the ids it already holds. Histories recorded
before the change carry no patch marker and replay with the activity they had.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from domain.common import DomainEvent
    from domain.eventlog import AppendRequest, AppendResult, new_event

RECORD_EVENTS = "record_events"

# Appends are idempotent, so retrying forever is safe; a request the store calls malformed never succeeds.
APPEND_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    non_retryable_error_types=["InvalidAppend"],
)
APPEND_TIMEOUT = timedelta(seconds=10)
LOCAL_APPEND = "record-events-as-local-activity"


class StreamWriter:
    def __init__(self, stream_id: str) -> None:
        self.stream_id = stream_id
        self.version = 0

    async def record(self, events: list[DomainEvent]) -> AppendResult:
        metadata = {"workflow_id": workflow.info().workflow_id, "run_id": workflow.info().run_id}
        request = AppendRequest(
            stream_id=self.stream_id,
            expected_version=self.version,
            events=[new_event(event, str(workflow.uuid4()), metadata) for event in events],
        )
        result: AppendResult
        if workflow.patched(LOCAL_APPEND):
            result = await workflow.execute_local_activity(
                RECORD_EVENTS,
                request,
                result_type=AppendResult,
                start_to_close_timeout=APPEND_TIMEOUT,
                retry_policy=APPEND_RETRY,
            )
        else:
            result = await workflow.execute_activity(
                RECORD_EVENTS,
                request,
                result_type=AppendResult,
                start_to_close_timeout=APPEND_TIMEOUT,
                retry_policy=APPEND_RETRY,
            )
        self.version += len(events)
        return result
