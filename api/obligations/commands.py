"""Commands on an obligation (submit, decide, ask for more time, record a product, a monitoring, a registry
update): find the obligation the caller may act on, resolve the files the command names (attached now, or
confirmed unchanged from the version in force), build the domain command, send it to the obligation's workflow
as a Temporal update, and answer with the obligation as the command left it. One function per command, called
alike by the REST route and by the page's form."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.files.ids import is_uuid
from api.obligations.access import Target, actor_for, require_runner, visible_obligation_on
from api.obligations.detail import obligation_detail, read_back
from api.obligations.institutions import consolidated, forms_of_period, missing_institutions
from api.obligations.requests import (
    DecisionBody,
    ExtensionDecisionBody,
    ExtensionRequestBody,
    MonitoringBody,
    PlanBody,
    ProductBody,
    RegistryBody,
    RowDoneBody,
    SubmitBody,
)
from api.obligations.rules import rule_of
from api.problems import Problem
from api.qms.register import POLOZHENIE_ITEM, attested_version, site_document
from api.runtime import Runtime
from api.tables import files, obligations, submissions
from domain import freshness, quota, roadmap_row
from domain.common import Actor
from domain.cycle import Runner
from domain.files import FileFormat, FileRef
from domain.payloads import Figure, MonitoringData, ReportData
from domain.submission.events import AttestedVersion
from domain.submission.model import DecideExtension, DecideSubmission, RequestExtension, SubmitDocuments

# Builds the domain command from the acting user and the files it names.
Build = Callable[[Actor, dict[str, FileRef]], BaseModel]


async def act(
    runtime: Runtime,
    principal: Principal,
    where: Target,
    runner: str,
    update: str,
    build: Build,
    files: dict[str, str],
    unchanged: list[str] | None = None,
    attested: dict[str, AttestedVersion] | None = None,
) -> dict[str, Any]:
    """Send one command to the obligation's workflow and answer with the obligation as the command left it.
    ``unchanged`` items take the files of the version in force; ``attested`` is filled, before ``build`` is called,
    with those whose version in force is the QMS register's (QMS D13)."""
    async with runtime.reads.connect() as conn:
        site, row = await visible_obligation_on(
            conn, principal, where.site_id, where.year, where.key, where.instance, list(files.values())
        )
        require_runner(row, runner)
        refs = file_refs(row, files) if files else {}
        if unchanged:
            refs.update(await files_in_force(conn, row, unchanged, files, attested))
    return await command_answer(runtime, row.obligation_id, update, build(actor_for(principal, site, row), refs))


def file_refs(row: Any, items: dict[str, str]) -> dict[str, FileRef]:
    """The files ``items`` name, from the site's files ``visible_obligation_on`` read with the obligation."""
    named = {str(f["id"]): SimpleNamespace(**f) for f in row.named_files}
    refs: dict[str, FileRef] = {}
    for item, file_id in items.items():
        file = named.get(file_id)
        if file is None:
            raise Problem(
                422,
                "file_not_found",
                f"Файл для документа «{item}» не найден среди загруженных файлов площадки.",
                [{"field": f"items.{item}", "message": "файл не найден"}],
            )
        refs[item] = FileRef(
            file_id=file_id, filename=file.filename, format=FileFormat(file.format), size=file.size, sha256=file.sha256
        )
    return refs


async def files_in_force(
    conn: AsyncConnection,
    row: Any,
    keys: list[str],
    attached: dict[str, str],
    attested: dict[str, AttestedVersion] | None = None,
) -> dict[str, FileRef]:
    """The files of ``keys`` as last accepted for this obligation of the site in an earlier year: the version in
    force, which the director confirms unchanged (D25) instead of attaching it again. A site's положение kept in the
    QMS register is the register's version in force instead (QMS D13), recorded in ``attested``; refused when the
    register has none."""
    both = [key for key in keys if key in attached]
    if both:
        raise Problem(
            422,
            "unchanged_and_attached",
            f"Документ «{_item_title(row, both[0])}» либо прикладывается заново, либо подтверждается без изменений, "
            "но не то и другое.",
            [{"field": f"unchanged.{key}", "message": "файл уже приложен"} for key in both],
        )
    in_force = await versions_in_force(conn, row)
    if POLOZHENIE_ITEM in keys and rule_of(row).item(POLOZHENIE_ITEM) is not None:
        document = await site_document(conn, row.site_id)
        if document is not None:
            found = attested_version(document)
            if found is None:
                reason = (
                    "нет действующей версии"
                    if document.in_force is None
                    else f"у действующей версии {document.in_force.version} нет файла текста"
                )
                raise Problem(
                    422,
                    "no_register_version_in_force",
                    f"Положение площадки ведется в реестре СМК («{document.title}»), и в реестре {reason}: "
                    "подтвердить действующую редакцию нельзя — приложите файл положения.",
                    [{"field": f"unchanged.{POLOZHENIE_ITEM}", "message": f"в реестре СМК {reason}"}],
                )
            version, text = found
            in_force[POLOZHENIE_ITEM] = text
            if attested is not None:
                attested[POLOZHENIE_ITEM] = version
    missing = [key for key in keys if key not in in_force]
    if missing:
        raise Problem(
            422,
            "no_version_in_force",
            f"Принятой редакции документа «{_item_title(row, missing[0])}» за прошлые годы нет: приложите файл.",
            [{"field": f"unchanged.{key}", "message": "нет принятой редакции"} for key in missing],
        )
    return {key: in_force[key] for key in keys}


async def versions_in_force(conn: AsyncConnection, row: Any) -> dict[str, FileRef]:
    """The documents of this obligation of the site as last accepted in an earlier year (the version in force),
    by item; empty when none was ever accepted."""
    query = (
        select(submissions.c["items"].label("accepted_items"))
        .join(obligations, obligations.c.obligation_id == submissions.c.obligation_id)
        .where(
            obligations.c.site_id == row.site_id,
            obligations.c.key == row.key,
            obligations.c.instance == row.instance,
            obligations.c.year < row.year,
            obligations.c.status == "approved",
        )
        .order_by(obligations.c.year.desc(), submissions.c.submission_no.desc())
        .limit(1)
    )
    accepted = (await conn.execute(query)).one_or_none()
    items: dict[str, Any] = accepted.accepted_items if accepted is not None else {}
    return {key: FileRef.model_validate(ref) for key, ref in items.items()}


async def check_standing_files(conn: AsyncConnection, site_id: str, data: ReportData) -> None:
    """Each file a standing duty's state names (D37) is one of the site's uploaded files."""
    named = {state.key: state.file_id for state in data.standing if state.file_id}
    known = {
        str(i)
        for i in (
            await conn.execute(
                select(files.c.id).where(
                    files.c.site_id == site_id, files.c.id.in_([i for i in named.values() if is_uuid(i)])
                )
            )
        ).scalars()
    }
    for key, file_id in named.items():
        if file_id not in known:
            raise Problem(
                422,
                "file_not_found",
                "Файл, приложенный к состоянию постоянной обязанности, не найден среди загруженных файлов площадки.",
                [{"field": f"data.standing.{key}.file_id", "message": "файл не найден"}],
            )


def _item_title(row: Any, key: str) -> str:
    item = rule_of(row).item(key)
    return item.title if item is not None else key


async def command_answer(runtime: Runtime, oid: str, update: str, command: BaseModel) -> dict[str, Any]:
    """Send ``command`` to the obligation's workflow as update ``update`` and answer with the obligation as the
    command left it. The answer is read as soon as this process has committed the command's events
    (api.eventlog.landed), by the append itself on its connection: the workflow appends them only after it has
    durably accepted the command, so the command is safe on both sides then, while Temporal completes the update.
    When the append is served elsewhere, once the update completes."""
    update_id = str(uuid.uuid4())

    async def answer(conn: AsyncConnection) -> dict[str, Any] | None:
        return await obligation_detail(conn, oid)

    with runtime.eventlog.landed.watch(update_id, answer) as landed:
        sent = asyncio.ensure_future(runtime.commands.update(oid, update, command, update_id))
        await asyncio.wait((sent, landed), return_when=asyncio.FIRST_COMPLETED)
        if sent.done():
            sent.result()  # a refusal or an unknown outcome is the answer
        else:
            # Landed: the update's completion, a few milliseconds away, tells nothing more. It is left to finish
            # rather than cancelled (a cancelled update RPC reports itself as a failure).
            sent.add_done_callback(_consume)
        read: dict[str, Any] | None = landed.result() if landed.done() else None
    return read if read is not None else await read_back(runtime, oid)


def _consume(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


# --- the commands, as the REST routes and the pages send them ----------------------------------------------------


async def submit(runtime: Runtime, principal: Principal, where: Target, body: SubmitBody) -> dict[str, Any]:
    """Submit documents, a report or a meeting's evidence (with the documents confirmed unchanged, D25)."""

    if isinstance(body.data, ReportData) and any(state.file_id for state in body.data.standing):
        async with runtime.reads.connect() as conn:
            await check_standing_files(conn, where.site_id, body.data)
    data = body.data
    if isinstance(data, MonitoringData):
        data = await with_consolidated(runtime, principal, where, data)

    attested: dict[str, AttestedVersion] = {}

    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return SubmitDocuments(
            actor=actor,
            items=refs,
            note=body.note,
            data=data,
            unchanged=tuple(body.unchanged),
            attested=attested,
        )

    return await act(
        runtime, principal, where, Runner.SUBMISSION, "submit", build, body.items, body.unchanged, attested
    )


async def with_consolidated(
    runtime: Runtime, principal: Principal, where: Target, data: MonitoringData
) -> MonitoringData:
    """A summary of the institutions' figures (a Vologda platform's quarter, D11) as sent: with the sum of their
    accepted figures as it stands now, beside the figures the platform typed — never as the client says it — and the
    reasons given only for the centres whose figures are not in."""
    async with runtime.reads.connect() as conn:
        _site, row = await visible_obligation_on(conn, principal, where.site_id, where.year, where.key, where.instance)
        rule = rule_of(row)
        if not rule.awaits_institution_forms or not rule.measures:
            return data.model_copy(update={"consolidated": (), "summed": (), "centres_missing": ()})
        forms = await forms_of_period(conn, row)
    if not forms:  # no centre was asked for this quarter: nothing to add up
        return data.model_copy(update={"consolidated": (), "summed": (), "centres_missing": ()})
    total = consolidated(forms, rule.measures)
    missing = {f.institution_id for f in forms if not f.sent}
    return data.model_copy(
        update={
            "consolidated": tuple(Figure(key=key, amount=amount) for key, amount in total.figures.items()),
            "summed": total.summed,
            "centres_missing": tuple(m for m in data.centres_missing if m.institution_id in missing),
        }
    )


async def decide(runtime: Runtime, principal: Principal, where: Target, body: DecisionBody) -> dict[str, Any]:
    """A reviewer's decision: agree, approve, or return for revision with a comment."""

    missing: tuple[tuple[str, str], ...] = ()
    if body.action == "approve":
        async with runtime.reads.connect() as conn:
            _site, row = await visible_obligation_on(
                conn, principal, where.site_id, where.year, where.key, where.instance
            )
            missing = await missing_institutions(conn, row)

    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return DecideSubmission(
            actor=actor,
            action=body.action,
            comment=body.comment,
            institutions_missing=tuple(name for _id, name in missing),
            institutions_missing_ids=tuple(institution for institution, _name in missing),
            part=body.part,
        )

    return await act(runtime, principal, where, Runner.SUBMISSION, "decide", build, {})


async def request_extension(
    runtime: Runtime, principal: Principal, where: Target, body: ExtensionRequestBody
) -> dict[str, Any]:
    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return RequestExtension(actor=actor, until=body.until, reason=body.reason)

    return await act(runtime, principal, where, Runner.SUBMISSION, "request_extension", build, {})


async def decide_extension(
    runtime: Runtime, principal: Principal, where: Target, body: ExtensionDecisionBody
) -> dict[str, Any]:
    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return DecideExtension(actor=actor, grant=body.grant, until=body.until, comment=body.comment)

    return await act(runtime, principal, where, Runner.SUBMISSION, "decide_extension", build, {})


async def record_product(runtime: Runtime, principal: Principal, where: Target, body: ProductBody) -> dict[str, Any]:
    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return quota.RecordItem(actor=actor, title=body.title, item_kind=body.item_kind, items=refs)

    return await act(runtime, principal, where, Runner.QUOTA, "record_item", build, body.items)


async def approve_plan(runtime: Runtime, principal: Principal, where: Target, body: PlanBody) -> dict[str, Any]:
    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return quota.ApprovePlan(actor=actor, targets=tuple(body.targets), items=refs)

    return await act(runtime, principal, where, Runner.COVERAGE, "approve_plan", build, body.items)


async def complete_monitoring(
    runtime: Runtime, principal: Principal, where: Target, body: MonitoringBody
) -> dict[str, Any]:
    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return quota.CompleteMonitoring(actor=actor, target=body.target, completed_on=body.completed_on, note=body.note)

    return await act(runtime, principal, where, Runner.COVERAGE, "complete_monitoring", build, {})


async def record_registry_update(
    runtime: Runtime, principal: Principal, where: Target, body: RegistryBody
) -> dict[str, Any]:
    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return freshness.RecordUpdate(actor=actor, items=refs, entries=body.entries, note=body.note)

    return await act(runtime, principal, where, Runner.FRESHNESS, "record_update", build, body.items)


async def mark_row_done(runtime: Runtime, principal: Principal, where: Target, body: RowDoneBody) -> dict[str, Any]:
    """«Отметить выполнение» of a dated roadmap row (D44)."""

    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return roadmap_row.MarkRowDone(actor=actor, fact_date=body.fact_date, items=refs, note=body.note)

    return await act(runtime, principal, where, Runner.ROADMAP_ROW, "mark_done", build, body.items)
