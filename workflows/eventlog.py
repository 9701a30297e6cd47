"""Writing a workflow's own event stream through the ``record_events`` activity, and reading it back.

A workflow and its stream never disagree, whatever process dies when:

- **An event reaches the store only once its decision cannot be lost.** ``record_events`` is a regular activity:
  the workflow task that decided the events completes first, so the decision (an update accepted, a timer's
  escalation) and the activity with the events as its input are in the workflow's history before the append runs.
  Were the Temporal server to die before that task completes, nothing was appended and the update is unknown to
  both sides; after it completes, the activity runs (or retries) with the very same events until they are stored.
- **The store answers a retry only with the same content.** Event ids come from the workflow's deterministic
  random, and a retry carries the input recorded in the history: the same ids, versions and data. The store takes
  the same id with another content as a conflict, never as «already have it» (api.eventlog.store).
- **A workflow adopts what its stream holds beyond what it knows.** Streams written before this design (its
  appends ran as local activities inside the deciding workflow task, so a server crash could leave events of a
  lost task in the store) can be ahead of their workflow. An append that finds the stream ahead writes nothing and
  brings back the events the workflow missed (``AppendResult.ahead``); the workflow folds them into its state and
  decides again. ``read_stream`` rebuilds a workflow's state from its whole stream (``innocycle verify --repair``).

The writer is the only one of its stream and appends one batch at a time, so it knows the expected version.
Histories recorded before carry their own patch markers and replay with the append they had.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from domain.common import DomainEvent
    from domain.eventlog import AppendRequest, AppendResult, RecordedEvent, StreamRequest, new_event

RECORD_EVENTS = "record_events"
READ_STREAM = "read_stream"

# Appends are idempotent by id and content, so retrying forever is safe; a request the store calls malformed
# never succeeds.
APPEND_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    non_retryable_error_types=["InvalidAppend"],
)
APPEND_TIMEOUT = timedelta(seconds=10)
LOCAL_APPEND = "record-events-as-local-activity"
APPEND_AFTER_ACCEPT = "record-events-after-the-decision-is-durable"


class StreamWriter:
    def __init__(self, stream_id: str) -> None:
        self.stream_id = stream_id
        self.version = 0
        self.appending = False

    @staticmethod
    def durable_first() -> bool:
        """Whether this workflow appends after its decision is durable, and so moves its state on first. Histories
        recorded before append within the deciding workflow task, or move their state on only after the append."""
        return workflow.patched(APPEND_AFTER_ACCEPT)

    async def record(self, events: list[DomainEvent]) -> AppendResult:
        """Append ``events`` after the version this writer knows. When the store is ahead, nothing is appended, the
        version moves to the store's and the result lists the events the writer missed (``ahead``)."""
        info = workflow.info()
        metadata = {"workflow_id": info.workflow_id, "run_id": info.run_id}
        update = workflow.current_update_info()
        if update is not None:
            metadata["command_id"] = update.id  # the API answers the command once this append lands
        request = AppendRequest(
            stream_id=self.stream_id,
            expected_version=self.version,
            events=[new_event(event, str(workflow.uuid4()), metadata) for event in events],
        )
        self.appending = True
        try:
            result = await self._append(request)
        finally:
            self.appending = False
        self.version = result.ahead[-1].stream_version if result.ahead else self.version + len(events)
        return result

    async def _append(self, request: AppendRequest) -> AppendResult:
        result: AppendResult
        if self.durable_first() or not workflow.patched(LOCAL_APPEND):
            result = await workflow.execute_activity(
                RECORD_EVENTS,
                request,
                result_type=AppendResult,
                start_to_close_timeout=APPEND_TIMEOUT,
                retry_policy=APPEND_RETRY,
            )
        else:
            result = await workflow.execute_local_activity(
                RECORD_EVENTS,
                request,
                result_type=AppendResult,
                start_to_close_timeout=APPEND_TIMEOUT,
                retry_policy=APPEND_RETRY,
            )
        return result

    async def read(self) -> list[RecordedEvent]:
        """The whole stream as the store holds it; the writer's version becomes the store's."""
        stored: list[RecordedEvent] = await workflow.execute_activity(
            READ_STREAM,
            StreamRequest(stream_id=self.stream_id),
            result_type=list[RecordedEvent],
            start_to_close_timeout=APPEND_TIMEOUT,
            retry_policy=APPEND_RETRY,
        )
        self.version = stored[-1].stream_version if stored else 0
        return stored
