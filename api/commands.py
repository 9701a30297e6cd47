"""The API's side of "one command, end to end": start workflows and send them updates, turning the workflow's
refusals into HTTP problems. The API never decides a transition itself; the workflow's validator does."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import UpdateWorkflowExecutionLifecycleStage
from temporalio.api.update.v1 import UpdateRef, WaitPolicy
from temporalio.api.workflowservice.v1 import PollWorkflowExecutionUpdateRequest
from temporalio.client import (
    Client,
    WorkflowExecutionStatus,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
    WorkflowUpdateStage,
)
from temporalio.common import WorkflowIDReusePolicy
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from api.config import ApiConfig
from api.problems import Problem, documented, refused
from domain.cycle import snapshot_for
from domain.obligations import cycle_id
from domain.regulations.model import Regulation
from domain.sites import Site
from workflows.cycle import CycleInput, SiteYearCycleWorkflow
from workflows.obligation import ObligationStatus

ACCEPTED = UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED


class CommandPending(Exception):
    """The workflow accepted the command but has not recorded it within the wait: it will, later."""


class Pending(BaseModel):
    """The answer (202) to a command accepted but not yet recorded."""

    status: Literal["pending"]
    workflow_id: str
    detail: str


# ``responses=`` of the routes that start or signal workflows (503 when Temporal is down), and of those that send a
# workflow an update (also 202 when it is accepted but not recorded in time).
STARTS_WORKFLOWS = documented(503)
UPDATES_WORKFLOWS: dict[int | str, dict[str, Any]] = {
    202: {"model": Pending, "description": "Команда принята и будет записана позже"},
    **STARTS_WORKFLOWS,
}


UNAVAILABLE = Problem(
    503, "workflow_unavailable", "Сервис исполнения процессов (Temporal) недоступен; повторите позже."
)


class Commands:
    def __init__(self, config: ApiConfig) -> None:
        self._config = config
        self._client: Client | None = None
        self._lock = asyncio.Lock()

    async def client(self) -> Client:
        async with self._lock:
            if self._client is None:
                try:
                    self._client = await Client.connect(
                        self._config.temporal_address,
                        namespace=self._config.temporal_namespace,
                        data_converter=pydantic_data_converter,
                    )
                except Exception as error:
                    raise UNAVAILABLE from error
            return self._client

    async def ping(self) -> None:
        client = await self.client()
        await client.service_client.check_health(timeout=timedelta(seconds=2))

    async def start(self, run: Any, argument: Any, workflow_id: str, exists_message: str) -> None:
        """Start a workflow once: a second start of the same id is a 409 with ``exists_message``."""
        client = await self.client()
        try:
            await client.start_workflow(
                run,
                argument,
                id=workflow_id,
                task_queue=self._config.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            raise Problem(409, "already_started", exists_message) from None
        except RPCError as error:
            raise _rpc_problem(error) from error

    async def start_cycle(self, site: Site, year: int, regulation: Regulation) -> None:
        await self.start(
            SiteYearCycleWorkflow.run,
            CycleInput(site=site, year=year, regulation=snapshot_for(regulation, site, year)),
            cycle_id(site.id, year),
            f"Цикл площадки {site.id} на {year} год уже открыт.",
        )

    async def signal(self, workflow_id: str, signal: str, *args: Any) -> bool:
        """Signal a running workflow; False when it is not running (closed or never started)."""
        client = await self.client()
        try:
            await client.get_workflow_handle(workflow_id).signal(signal, *args)
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                return False
            raise _rpc_problem(error) from error
        return True

    async def update(
        self, workflow_id: str, update: str, command: BaseModel, update_id: str | None = None
    ) -> ObligationStatus:
        """Send ``command`` as update ``update`` with id ``update_id``; answer with the new status once recorded.

        One RPC that waits for the outcome. When none comes (the wait ran out, or the server stopped answering
        mid-command), the update is looked up by its id, and the answer says what is known: 202 when the workflow
        accepted it (it is in the history and will be recorded), 503 ``workflow_unavailable`` when the server
        answers and knows nothing of it (nothing was recorded), 503 ``command_outcome_unknown`` when nobody can
        tell yet."""
        client = await self.client()
        handle = client.get_workflow_handle(workflow_id)
        update_id = update_id or str(uuid.uuid4())
        try:
            update_handle = await asyncio.wait_for(
                handle.start_update(
                    update,
                    command,
                    id=update_id,
                    wait_for_stage=WorkflowUpdateStage.COMPLETED,
                    result_type=ObligationStatus,
                ),
                self._config.command_timeout_seconds,
            )
            status: ObligationStatus = await update_handle.result()
            return status
        except WorkflowUpdateFailedError as error:
            raise _refusal(error.cause) from error
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                raise await _closed_or_rpc_problem(handle, error) from error
            if error.status not in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED):
                raise _rpc_problem(error) from error
            raise await _unanswered(client, workflow_id, update_id) from error
        except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
            raise await _unanswered(client, workflow_id, update_id) from None


OUTCOME_UNKNOWN = Problem(
    503,
    "command_outcome_unknown",
    "Сервис исполнения процессов перестал отвечать во время выполнения команды, и неизвестно, записана ли она. "
    "Откройте обязанность и проверьте её текущее состояние, прежде чем повторять действие.",
)
NOT_RECORDED = Problem(
    503,
    "workflow_unavailable",
    "Сервис исполнения процессов не принял команду, она не записана; повторите позже.",
)


async def _unanswered(client: Client, workflow_id: str, update_id: str) -> Exception:
    """What to answer for a command whose outcome did not come back: pending when the workflow accepted it (it is
    in the history and will be recorded), not recorded when the server answers and does not know it, and unknown
    otherwise (the server is down, or the update is admitted but not yet accepted: it may still be)."""
    stage = await _update_stage(client, workflow_id, update_id)
    if stage is None:
        return OUTCOME_UNKNOWN
    if stage == "unknown":
        return NOT_RECORDED
    if stage >= ACCEPTED:
        return CommandPending(workflow_id)
    return OUTCOME_UNKNOWN


async def _update_stage(client: Client, workflow_id: str, update_id: str) -> int | Literal["unknown"] | None:
    """How far the workflow has taken the update: its lifecycle stage, ``"unknown"`` when the server answers that it
    has no such update, None when the server cannot be asked."""
    request = PollWorkflowExecutionUpdateRequest(
        namespace=client.namespace,
        update_ref=UpdateRef(workflow_execution=WorkflowExecution(workflow_id=workflow_id), update_id=update_id),
        identity=client.identity,
        wait_policy=WaitPolicy(lifecycle_stage=ACCEPTED),
    )
    try:
        response = await client.workflow_service.poll_workflow_execution_update(
            request, retry=False, timeout=timedelta(seconds=2)
        )
    except RPCError as error:
        return "unknown" if error.status == RPCStatusCode.NOT_FOUND else None
    return int(response.stage)


def _refusal(cause: BaseException | None) -> Problem:
    if isinstance(cause, ApplicationError) and cause.type == "DomainError":
        details: tuple[Any, ...] = tuple(cause.details)
        code = str(details[0]) if details else "refused"
        field = str(details[1]) if len(details) > 1 and details[1] else None
        return refused(409, code, cause.message, field)
    return Problem(500, "workflow_failed", "Процесс не смог выполнить команду; администратор уведомлён.")


async def _closed_or_rpc_problem(handle: Any, error: RPCError) -> Problem:
    if error.status == RPCStatusCode.NOT_FOUND:
        try:
            description = await handle.describe()
        except RPCError:
            return Problem(404, "not_found", "Процесс обязанности не найден.")
        if description.status != WorkflowExecutionStatus.RUNNING:
            return Problem(409, "obligation_closed", "Обязанность уже выполнена или закрыта; изменения не принимаются.")
    return _rpc_problem(error)


def _rpc_problem(error: RPCError) -> Problem:
    if error.status in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED):
        return UNAVAILABLE
    return Problem(500, "workflow_error", "Ошибка сервиса исполнения процессов.")
