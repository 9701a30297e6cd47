"""A realistic event log for the inbox benchmark, fast: years of the 18 KhMAO sites played by the pure domain
(no Temporal), then copied into as many other regions as it takes to reach the wanted number of events.

Playing a year. ``tests/support/year_scenario.py`` scripts a year as people act (packages a week early, reports after
their quarter, products, monitorings with their справки, daily to monthly registries, a few returns, a late package,
an extension). Here its actions are not sent to the API: each becomes the command the API would build and goes to
the obligation's pure ``decide``, as the workflow's update would, and the events are kept in the workflow's stream.
What the workflows do by themselves is done the same way and at the same instants: a cycle records its plan and
opens each obligation on its date; an obligation raises each step of its ladder when its time comes, closes a
registry's year, ends a met quota when its period does; a completed monitoring opens its справка. Each event gets
its stream, version, id and metadata as ``record_events`` would append it. A year is played up to ``now``: past
years to their end, the current year to today, the coming year's packages just opened. The site whose status the
scenario revokes is not revoked here (every year would lose it).

Projections. The played years are appended to ``events`` and replayed by ``api.projections.rebuild`` — the code of
``innocycle rebuild-projections`` — so every projection row is the projection's own. Replaying 100,000 events that
way takes minutes on 2 cores (about 3 ms an event), so the rest of the log is made by copying: each copy is another
region, the KhMAO one under other ids (region, institutions, directions, sites: ``r<k>.`` before every id), with its
events and its projection rows renamed alike. A projection depends only on the events and on the reference rows,
both renamed consistently, so the copied rows are what a rebuild would write; ``verify`` checks exactly that by
rebuilding the whole log and comparing every projection table.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from api.access.principal import Principal
from api.calendar.service import production_calendar
from domain import freshness, quota
from domain.calendar import ProductionCalendar
from domain.common import Actor, DomainError, DomainEvent
from domain.cycle import CycleCompleted, CycleStarted, PlannedObligation, Runner, planned_obligations
from domain.deadlines import Deadline, deadline_on
from domain.escalation import ScheduledStep
from domain.eventlog import new_event
from domain.files import FileFormat, FileRef
from domain.obligations import (
    Context,
    ObligationOpened,
    ObligationPlanned,
    ObligationRef,
    RaiseEscalation,
    cycle_id,
    obligation_id,
)
from domain.payloads import PackageData
from domain.regulations.khmao.sites import SITES, site_by_id
from domain.regulations.model import Obligation
from domain.roadmap.model import RoadmapRow
from domain.submission.events import CLOSED, SubmissionApproved, SubmissionStatus
from domain.submission.machine import decide, evolve_all, next_escalation
from domain.submission.model import DecideExtension, DecideSubmission, RequestExtension, SubmitDocuments, initial_state
from innocycle.demo import SCENES
from innocycle.demo_files import package_data
from innocycle.demo_people import demo_users
from tests.support.client import obligation_path
from tests.support.year_scenario import Action, Scenario
from workflows.calendar import calendar_years
from workflows.quota import spravka_instance

NAMESPACE = uuid.UUID("6f1c1b8e-3f5e-4d0c-9a57-2f2a8a6f9b11")
CYCLES_OPEN = (11, 20)  # the RCRSO opens the cycles of a year on 20 November of the year before


# --- one obligation, run as its workflow would ---------------------------------------------------------------


@dataclass
class Recorded:
    at: datetime
    stream_id: str
    event: DomainEvent


class Log:
    """Every event of the played years, in the order they happened."""

    def __init__(self) -> None:
        self.items: list[Recorded] = []

    def record(self, stream_id: str, at: datetime, events: Iterable[DomainEvent]) -> None:
        self.items.extend(Recorded(at, stream_id, event) for event in events)


@dataclass
class CycleSim:
    site_id: str
    year: int
    calendar: ProductionCalendar
    timezone: str
    started_at: datetime
    roadmap: tuple[RoadmapRow, ...] = ()
    obligations: dict[str, ObligationSim] = field(default_factory=dict)


class ObligationSim:
    """One obligation instance: its state, its ladder's timers and the commands it takes."""

    def __init__(
        self,
        cycle: CycleSim,
        log: Log,
        ref: ObligationRef,
        obligation: Obligation,
        runner: Runner,
        planned: PlannedObligation,
        regulation: tuple[str, int],
        spravka: Obligation | None = None,
        indicators: tuple[Any, ...] = (),
    ) -> None:
        self.cycle, self.log, self.ref, self.obligation, self.runner = cycle, log, ref, obligation, runner
        self.planned, self.regulation, self.spravka, self.indicators = planned, regulation, spravka, indicators
        self.state: Any = None
        self.cursor = cycle.started_at
        self.closed_at: datetime | None = None

    def ctx(self, now: datetime) -> Context:
        site = site_by_id(self.ref.site_id)
        return Context(
            now=now,
            calendar=self.cycle.calendar,
            timezone=self.cycle.timezone,
            site_status=site.status,
            plan_year=self.ref.year,
            period=self.planned.period,
            indicators=self.indicators,
            roadmap=self.cycle.roadmap if self.obligation.reports_roadmap else (),
        )

    def _deadline(self, day: date | None) -> Deadline | None:
        return None if day is None else deadline_on(day, self.cycle.calendar, self.cycle.timezone)

    def open(self, at: datetime) -> None:
        assert self.planned.nominal_due is not None
        deadline = self._deadline(self.planned.nominal_due)
        assert deadline is not None
        opened = ObligationOpened(
            occurred_at=at,
            ref=self.ref,
            obligation=self.obligation,
            regulation_id=self.regulation[0],
            regulation_version=self.regulation[1],
            deadline=deadline,
            internal_target=self._deadline(self.planned.internal_target),
            period=self.planned.period,
            runner=self.runner.value,
        )
        self.log.record(self.ref.obligation_id, at, [opened])
        self.cursor = at
        if self.runner == Runner.SUBMISSION:
            self.state = initial_state(opened)
        elif self.runner in (Runner.QUOTA, Runner.COVERAGE):
            self.state = quota.initial_state(opened, self.runner == Runner.COVERAGE)
        else:
            self.state = freshness.initial_state(opened, self.ctx(at))

    # the domain module of the runner

    def _decide(self, command: Any, at: datetime) -> list[DomainEvent]:
        ctx = self.ctx(at)
        if self.runner == Runner.SUBMISSION:
            return decide(self.state, self.obligation, command, ctx)
        if self.runner in (Runner.QUOTA, Runner.COVERAGE):
            return quota.decide(self.state, self.obligation, command, ctx)
        return freshness.decide(self.state, self.obligation, command, ctx)

    def _evolve(self, events: list[DomainEvent]) -> None:
        if self.runner == Runner.SUBMISSION:
            self.state = evolve_all(self.state, events)
        elif self.runner in (Runner.QUOTA, Runner.COVERAGE):
            self.state = quota.evolve_all(self.state, events)
        else:
            self.state = freshness.evolve_all(self.state, events)

    def _next_step(self, at: datetime) -> ScheduledStep | None:
        ctx = self.ctx(at)
        if self.runner == Runner.SUBMISSION:
            return next_escalation(self.state, self.obligation, ctx)
        if self.runner in (Runner.QUOTA, Runner.COVERAGE):
            return quota.next_escalation(self.state, self.obligation, ctx)
        return freshness.next_escalation(self.state, self.obligation, ctx)

    def _wake_also_at(self, at: datetime) -> datetime | None:
        if self.runner in (Runner.QUOTA, Runner.COVERAGE):
            return self.state.deadline.ends_at if self.state.status == quota.QuotaStatus.MET else None
        if self.runner == Runner.FRESHNESS:
            return freshness.year_over_at(self.state, self.obligation, self.ctx(at))
        return None

    def done(self, at: datetime) -> bool:
        if self.runner == Runner.SUBMISSION:
            return bool(self.state.status in CLOSED)
        if self.runner in (Runner.QUOTA, Runner.COVERAGE):
            return quota.done(self.state, at)
        return bool(self.state.status != freshness.FreshnessStatus.OPEN)

    def apply(self, events: list[DomainEvent], at: datetime) -> None:
        if not events:
            return
        self.log.record(self.ref.obligation_id, at, events)
        self._evolve(events)
        for event in events:
            if isinstance(event, SubmissionApproved) and self.ref.key == "package":
                accepted = self.state.last_submission
                if accepted is not None and isinstance(accepted.data, PackageData):
                    self.cycle.roadmap = tuple(accepted.data.roadmap)
            if isinstance(event, quota.MonitoringCompleted) and self.spravka is not None:
                self._open_spravka(event, at)
        if self.done(at) and self.closed_at is None:
            self.closed_at = at

    def _open_spravka(self, completed: quota.MonitoringCompleted, at: datetime) -> None:
        assert self.spravka is not None
        instance = spravka_instance(completed.target, completed.completed_on.isoformat())
        ref = ObligationRef(
            obligation_id=obligation_id(self.ref.site_id, self.ref.year, self.spravka.key, instance),
            cycle_id=self.ref.cycle_id,
            site_id=self.ref.site_id,
            year=self.ref.year,
            key=self.spravka.key,
            instance=instance,
        )
        planned = PlannedObligation(
            obligation=self.spravka,
            instance=instance,
            period=None,
            nominal_due=completed.spravka_due,
            runner=Runner.SUBMISSION,
            opens_at=at,
        )
        child = ObligationSim(self.cycle, self.log, ref, self.spravka, Runner.SUBMISSION, planned, self.regulation)
        child.open(at + timedelta(seconds=1))
        self.cycle.obligations[ref.obligation_id] = child

    def advance(self, until: datetime) -> None:
        """Fire the timers due up to ``until``, as the workflow's wait would."""
        last_wake: datetime | None = None
        while self.closed_at is None and not self.done(self.cursor):
            step = self._next_step(self.cursor)
            candidates = [c for c in (step.at if step else None, self._wake_also_at(self.cursor)) if c is not None]
            if not candidates:
                break
            wake = max(min(candidates), self.cursor)
            if wake > until or (step is None and wake == last_wake):
                break
            last_wake, self.cursor = wake, wake
            if step is not None and wake >= step.at:
                self.apply(self._decide(RaiseEscalation(level=step.level), wake), wake)
            elif self.runner == Runner.FRESHNESS:
                over = freshness.year_over_at(self.state, self.obligation, self.ctx(wake))
                if over is None or wake >= over:
                    self.apply(self._decide(freshness.CloseYear(), wake), wake)
        if self.closed_at is None and self.done(max(self.cursor, until)):
            self.closed_at = self._close_instant()
        self.cursor = max(self.cursor, until)

    def _close_instant(self) -> datetime:
        if self.runner in (Runner.QUOTA, Runner.COVERAGE) and self.state.status == quota.QuotaStatus.MET:
            ends_at: datetime = self.state.deadline.ends_at
            return max(self.cursor, ends_at)
        return self.cursor

    def command(self, command: Any, at: datetime) -> None:
        self.advance(at)
        if self.closed_at is not None:
            raise DomainError("obligation_closed", "Обязанность уже выполнена или закрыта.")
        self.apply(self._decide(command, at), at)


# --- the people's actions, as the API would turn them into commands -------------------------------------------


class Response:
    def __init__(self, status_code: int, text: str = "") -> None:
        self.status_code = status_code
        self.text = text

    def json(self) -> dict[str, Any]:
        return {}


_PATH = re.compile(
    r"^/api/sites/(?P<site>[^/]+)/cycles/(?P<year>\d+)/obligations/(?P<key>[^/]+)/(?P<inst>[^/]+)/(?P<verb>[^/]+)$"
)


class DomainApi:
    """What the scenario's actions call (``post``), answered by the pure domain instead of the API."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.now = datetime.now(UTC)

    def post(self, login: str, path: str, json: dict[str, Any] | None = None, **_: Any) -> Response:
        body = json or {}
        match = _PATH.match(path)
        if match is None:
            return Response(404, f"not simulated: {path}")
        site_id, year = match["site"], int(match["year"])
        oid = obligation_id(site_id, year, match["key"], match["inst"])
        sim = self.world.cycles[(site_id, year)].obligations.get(oid)
        if sim is None or sim.state is None:
            return Response(409, "not open yet")
        actor = self.world.actor(login, site_id)
        try:
            sim.command(self._command(match["verb"], actor, site_id, body), self.now)
        except DomainError as error:
            return Response(409, error.message)
        return Response(200)

    def _command(self, verb: str, actor: Actor, site_id: str, body: dict[str, Any]) -> Any:
        files = {key: self.world.files[file_id] for key, file_id in body.get("items", {}).items()}
        if verb == "submissions":
            note = body.get("note", "")
            return SubmitDocuments(actor=actor, items=files, note=note, data=body.get("data"))
        if verb == "decisions":
            return DecideSubmission(actor=actor, action=body["action"], comment=body.get("comment", ""))
        if verb == "extension-requests":
            return RequestExtension(actor=actor, until=body["until"], reason=body["reason"])
        if verb == "extension-decisions":
            return DecideExtension(
                actor=actor, grant=body["grant"], until=body.get("until"), comment=body.get("comment", "")
            )
        if verb == "products":
            return quota.RecordItem(actor=actor, title=body["title"], item_kind=body.get("item_kind", ""), items=files)
        if verb == "monitoring-plan":
            return quota.ApprovePlan(actor=actor, targets=tuple(body["targets"]), items=files)
        if verb == "monitorings":
            return quota.CompleteMonitoring(
                actor=actor, target=body["target"], completed_on=body["completed_on"], note=body.get("note", "")
            )
        if verb == "registry-updates":
            note = body.get("note", "")
            return freshness.RecordUpdate(actor=actor, items=files, entries=body.get("entries"), note=note)
        raise DomainError("unknown", verb)


class NoRevocation(Scenario):
    """The year scenario without the revocation of a site's status (each played year would lose the site)."""

    def revocation_at(self) -> datetime:
        return self.working_at(date(self.year + 5, 1, 15))

    def plan_rows(self, site_id: str) -> None:
        """No dated roadmap rows (D42): the world plays the obligations the regulation plans, and a row is opened by
        a cycle's workflow once its package is approved, which the world does not simulate."""


# --- the world: cycles of several years, played up to now -----------------------------------------------------


def latest_year(now: datetime) -> int:
    """The latest cycle year already opened at ``now`` (cycles open on 20 November of the year before)."""
    local = now.astimezone(ZoneInfo("Asia/Yekaterinburg"))
    return local.year + 1 if (local.month, local.day) >= CYCLES_OPEN else local.year


class World:
    def __init__(self, user_ids: dict[str, str]) -> None:
        self.log = Log()
        self.cycles: dict[tuple[str, int], CycleSim] = {}
        self.files: dict[str, FileRef] = {}
        self._people = {u.login: u for u in demo_users()}
        self._user_ids = user_ids
        self._actors: dict[tuple[str, str], Actor] = {}

    def actor(self, login: str, site_id: str) -> Actor:
        key = (login, site_id)
        if key not in self._actors:
            person = self._people[login]
            principal = Principal(
                user_id=self._user_ids[login],
                login=login,
                full_name=person.full_name,
                position=person.position,
                grants=person.grants,
            )
            self._actors[key] = principal.actor_on(site_by_id(site_id))
        return self._actors[key]

    def file_ids(self, scenario: Scenario) -> None:
        for site in SITES:
            for kind in ("pdf", "docx", "xlsx"):
                file_id = str(uuid.uuid5(NAMESPACE, f"file:{site.id}:{kind}"))
                self.files[file_id] = FileRef(
                    file_id=file_id,
                    filename=f"document-{site.id}.{kind}",
                    format=FileFormat(kind),
                    size=24_576,
                    sha256=hashlib.sha256(file_id.encode()).hexdigest(),
                )
                scenario.files[(site.id, kind)] = file_id

    def play_year(self, year: int, now: datetime) -> None:
        """The cycles of ``year`` for all 18 sites, opened on 20 November of the year before, up to ``now``."""
        timezone = ZoneInfo("Asia/Yekaterinburg")
        start = datetime(year - 1, *CYCLES_OPEN, 10, 0, tzinfo=timezone).astimezone(UTC)
        if start > now:
            return
        scenario = NoRevocation(year=year, start=start)
        self.file_ids(scenario)
        calendar = production_calendar(calendar_years(year, start.year))
        pending: list[tuple[datetime, ObligationSim]] = []
        for site in SITES:
            snapshot = scenario.snapshots[site.id]
            cycle = CycleSim(site.id, year, calendar, snapshot.timezone, start)
            self.cycles[(site.id, year)] = cycle
            plan = planned_obligations(snapshot, year, calendar)
            stream = cycle_id(site.id, year)
            refs = {
                (p.obligation.key, p.instance): ObligationRef(
                    obligation_id=obligation_id(site.id, year, p.obligation.key, p.instance),
                    cycle_id=stream,
                    site_id=site.id,
                    year=year,
                    key=p.obligation.key,
                    instance=p.instance,
                )
                for p in plan
            }
            regulation = (snapshot.regulation_id, snapshot.version)
            self.log.record(
                stream,
                start,
                [
                    CycleStarted(
                        occurred_at=start,
                        site_id=site.id,
                        year=year,
                        regulation_id=regulation[0],
                        regulation_version=regulation[1],
                        obligations=tuple(r.obligation_id for r in refs.values()),
                    ),
                    *(
                        ObligationPlanned(
                            occurred_at=start,
                            ref=refs[(p.obligation.key, p.instance)],
                            obligation=p.obligation,
                            regulation_id=regulation[0],
                            regulation_version=regulation[1],
                            runner=p.runner.value,
                            period=p.period,
                            deadline=None
                            if p.nominal_due is None
                            else deadline_on(p.nominal_due, calendar, snapshot.timezone),
                            opens_at=p.opens_at,
                        )
                        for p in plan
                    ),
                ],
            )
            spravka = next((o for o in snapshot.obligations if o.key == "monitoring_spravka"), None)
            for p in sorted((p for p in plan if p.runner != Runner.NONE), key=lambda p: p.opens_at or start):
                ref = refs[(p.obligation.key, p.instance)]
                sim = ObligationSim(
                    cycle,
                    self.log,
                    ref,
                    p.obligation,
                    p.runner,
                    p,
                    regulation,
                    spravka if p.runner == Runner.COVERAGE else None,
                    snapshot.indicators_of(p.obligation),
                )
                cycle.obligations[ref.obligation_id] = sim
                pending.append((max(p.opens_at or start, start), sim))
        scenario.build()
        pending.sort(key=lambda item: item[0])
        api = DomainApi(self)
        actions: list[Action] = [a for a in scenario.actions if a.at <= now and a.describe != "revocation"]
        for action in actions:
            while pending and pending[0][0] <= action.at:
                at, sim = pending.pop(0)
                sim.open(at)
            api.now = action.at
            action.run(api)  # type: ignore[arg-type]
        while pending and pending[0][0] <= now:
            at, sim = pending.pop(0)
            sim.open(at)
        if year == latest_year(now):
            self.demo_scenes(scenario, api, max(start + timedelta(days=1), now - timedelta(days=3)))
        for site in SITES:
            cycle = self.cycles[(site.id, year)]
            for sim in list(cycle.obligations.values()):
                if sim.state is not None:
                    sim.advance(now)
            closes = [sim.closed_at for sim in cycle.obligations.values()]
            if closes and all(closes) and not any(sim.cycle is cycle for _, sim in pending):
                done = max(c for c in closes if c is not None)
                completed = CycleCompleted(occurred_at=done, site_id=site.id, year=year)
                self.log.record(cycle_id(site.id, year), done, [completed])

    def demo_scenes(self, scenario: Scenario, api: DomainApi, at: datetime) -> None:
        """What `make run` plays on the coming year's packages (innocycle/demo.py): some sent, some accepted,
        returned or agreed, some waiting for the curator."""
        for scene in SCENES:
            oid = obligation_id(scene.site_id, scenario.year, "package", "annual")
            sim = self.cycles[(scene.site_id, scenario.year)].obligations[oid]
            if sim.state is None or sim.state.status != SubmissionStatus.AWAITING_SUBMISSION:
                continue  # the scenario has sent it already: later in the cycle than the demo plays
            package = next(o for o in scenario.snapshots[scene.site_id].obligations if o.key == "package")
            path = obligation_path(scene.site_id, scenario.year)
            body = {"items": scenario.items(scene.site_id, package), "data": package_data(scenario.year)}
            api.now = at
            response = api.post(f"{scene.submitter}.{scene.site_id}", path + "/submissions", json=body)
            assert response.status_code == 200, response.text
            for number, (login, action, comment) in enumerate(scene.decisions, 1):
                api.now = at + timedelta(hours=number)
                response = api.post(login, path + "/decisions", json={"action": action, "comment": comment})
                assert response.status_code == 200, response.text

    def rows(self) -> list[tuple[str, int, str, str, int, str, str, datetime]]:
        """The log as rows of ``events`` (without the global position), in the order the events happened."""
        versions: dict[str, int] = {}
        rows = []
        for item in sorted(self.log.items, key=lambda r: r.at):
            version = versions.get(item.stream_id, 0) + 1
            versions[item.stream_id] = version
            event_id = str(uuid.uuid5(NAMESPACE, f"{item.stream_id}:{version}"))
            stored = new_event(item.event, event_id, {"workflow_id": item.stream_id, "simulated": True})
            rows.append(
                (
                    item.stream_id,
                    version,
                    event_id,
                    stored.event_type,
                    stored.schema_version,
                    json.dumps(stored.data, ensure_ascii=False),
                    json.dumps(stored.metadata),
                    item.at,
                )
            )
        return rows


def played_rows(dsn: str, years: list[int], now: datetime) -> list[tuple[Any, ...]]:
    """The events of the played ``years``, with the demo users' ids read from the database."""
    with psycopg.connect(dsn) as conn:
        user_ids = {login: str(uid) for login, uid in conn.execute("SELECT login, id FROM users").fetchall()}
    world = World(user_ids)
    for year in years:
        world.play_year(year, now)
    return world.rows()


# --- loading, projecting, copying ------------------------------------------------------------------------------

COPY_COLUMNS = "stream_id, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at"


def append_rows(dsn: str, rows: list[tuple[Any, ...]]) -> None:
    with psycopg.connect(dsn) as conn, conn.cursor() as cursor:
        with cursor.copy(f"COPY events ({COPY_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()


REFERENCE = (  # (table, id column, columns holding ids of other reference rows)
    ("regions", "id", ()),
    ("institutions", "id", ("region_id",)),
    ("directions", "id", ("region_id",)),
    ("sites", "id", ("region_id", "institution_id", "direction_id")),
)
# Projections of no region, never copied: the copies share the people, their notifications and choices, and the
# region's webhook endpoints are the template's alone.
SKIPPED = (
    "calendar_overrides",
    "users",
    "grants",
    "substitutions",
    "notifications",
    "notification_settings",
    "digests",
    "webhook_endpoints",
)
PEOPLE_STREAMS = ("user:", "substitution:", "notifications:", "digest:", "webhook:")  # their events: of no region


def _id_pattern(conn: psycopg.Connection[Any]) -> str:
    """A regular expression (PostgreSQL ARE) matching an id of the template region where it stands whole: between
    quotes, colons, slashes or the ends of the text."""
    ids: set[str] = set()
    for table, column, _ in REFERENCE:
        ids |= {row[0] for row in conn.execute(f"SELECT {column} FROM {table}").fetchall()}
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return f'(^|["/:])({alternatives})(?=$|["/:])'


def _columns(conn: psycopg.Connection[Any], table: str) -> list[tuple[str, str, bool]]:
    rows = conn.execute(
        # An identity or a generated column (the products' search vector) takes no value of ours.
        "SELECT column_name, data_type, is_identity = 'YES' OR is_generated = 'ALWAYS' FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [(name, kind, identity) for name, kind, identity in rows]


def _renamed(column: str, kind: str) -> str:
    if kind == "text":
        return f"pg_temp.rename_text({column}, prefix)"
    if kind == "jsonb":
        return f"pg_temp.rename_json({column}, prefix)"
    return column


def copy_regions(dsn: str, copies: int, projection_tables: list[str]) -> None:
    """Copy the region of the template (reference rows, events, projection rows) ``copies`` times, renamed."""
    if copies <= 0:
        return
    with psycopg.connect(dsn) as conn:
        pattern = _id_pattern(conn).replace("'", "''")
        conn.execute(
            "CREATE FUNCTION pg_temp.rename_text(value text, prefix text) RETURNS text LANGUAGE sql IMMUTABLE AS "
            f"$$ SELECT regexp_replace(value, '{pattern}', '\\1' || prefix || '\\2', 'g') $$"
        )
        conn.execute(
            "CREATE FUNCTION pg_temp.rename_json(value jsonb, prefix text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS "
            "$$ SELECT pg_temp.rename_text(value::text, prefix)::jsonb $$"
        )
        copies_sql = f"(SELECT 'r' || k || '.' AS prefix, k FROM generate_series(1, {int(copies)}) AS k) AS c"
        for table, _, _ in REFERENCE:
            columns = _columns(conn, table)
            names = ", ".join(name for name, _, _ in columns)
            values = ", ".join(_renamed(name, kind) for name, kind, _ in columns)
            conn.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table}, {copies_sql}")
        event_columns = [c for c in _columns(conn, "events") if not c[2]]
        names = ", ".join(name for name, _, _ in event_columns)
        values = ", ".join(
            "md5(event_id::text || ':' || k)::uuid" if name == "event_id" else _renamed(name, kind)
            for name, kind, _ in event_columns
        )
        regional = " AND ".join(f"stream_id NOT LIKE '{prefix}%'" for prefix in PEOPLE_STREAMS)
        conn.execute(
            f"INSERT INTO events ({names}) SELECT {values} FROM events, {copies_sql} WHERE {regional}"
            " ORDER BY k, global_position"
        )
        for table in projection_tables:
            if table in SKIPPED:
                continue
            columns = [c for c in _columns(conn, table) if not c[2]]
            names = ", ".join(name for name, _, _ in columns)
            values = ", ".join(_renamed(name, kind) for name, kind, _ in columns)
            conn.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table}, {copies_sql}")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


def projection_digest(dsn: str, projection_tables: list[str]) -> dict[str, str]:
    """Per projection table: its row count and an order-independent digest of its rows."""
    digests = {}
    with psycopg.connect(dsn) as conn:
        for table in projection_tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) "
                f"FROM {table} AS t"
            ).fetchone() or (0, "")
            digests[table] = f"{count}:{digest}"
    return digests


Progress = Callable[[str], None]
