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
from domain.org import Site
from domain.regulations.model import Regulation
from workflows.cycle import CycleInput, SiteYearCycleWorkflow
from workflows.runner import ObligationStatus

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

    async def update(self, workflow_id: str, update: str, command: BaseModel) -> ObligationStatus:
        """Send ``command`` as update ``update``; answer with the new status once it is recorded.

        One RPC that waits for the outcome. When it does not come in time, the update is looked up by its id: 202
        if the workflow accepted it (it will be recorded), 503 if it never got as far (nothing will be)."""
        client = await self.client()
        handle = client.get_workflow_handle(workflow_id)
        update_id = str(uuid.uuid4())
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
            raise await _closed_or_rpc_problem(handle, error) from error
        except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
            if await _accepted(client, workflow_id, update_id):
                raise CommandPending(workflow_id) from None
            raise UNAVAILABLE from None


async def _accepted(client: Client, workflow_id: str, update_id: str) -> bool:
    """Whether the workflow accepted the update, so that it is in its history and will be recorded. An update
    only admitted (the worker never ran its validator) is not: it would be lost with the server's memory."""
    request = PollWorkflowExecutionUpdateRequest(
        namespace=client.namespace,
        update_ref=UpdateRef(workflow_execution=WorkflowExecution(workflow_id=workflow_id), update_id=update_id),
        identity=client.identity,
        wait_policy=WaitPolicy(lifecycle_stage=ACCEPTED),
    )
    try:
        response = await client.workflow_service.poll_workflow_execution_update(
            request, retry=False, timeout=timedelta(seconds=1)
        )
    except RPCError:
        return False
    return bool(response.stage >= ACCEPTED)


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
