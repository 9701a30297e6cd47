"""A whole year of the 18 KhMAO sites, scripted as the people would act, in skipped time.

Most obligations are met on time by whoever the rule names: documents a week before the deadline, reports on the
first working day after their period ends, meetings and registries on their day, products and monitorings through
the year, each reviewed the next working day. A few sites behave otherwise, on purpose:

- C4 (1.1.12) first sends four documents, without the roadmap, as its положение lists them, is refused, and sends
  the whole package three working days late;
- C6 (1.1.6) has its package returned twice before it is accepted;
- OP17 (1.2.4) sends its package seven working days late (past level 2);
- C9 (1.1.9) sends its Q2 report two working days late;
- C5 (1.1.2) asks for more time for its Q3 report, gets it, and sends it after the original date;
- C13 (1.1.10) misses three working days of its daily registry in May;
- OP18 (1.2.3) sends only one product by the end of Q3 (a risk), the second in October;
- C2 (1.1.11) has monitored only one of three institutions by the end of Q3 (a risk), the others in Q4;
- OP16 (1.2.1) loses its status by a Department order at the end of Q3, while C11 (1.1.13), the same
  institution, carries on; C14 (1.1.1) is curated by another RCRSO employee than its own staff;
- every site marks each dated row of its roadmap done («отметить выполнение», D44) a week before its date, except
  C14 (1.1.1), which never marks its February row: it climbs its ladder until the accepted Q1 report says it was
  done (D42–D44); and which never accounts for its November row at all: it climbs its ladder and is closed as not
  done when the rest of C14's cycle has closed (D45).

The scenario also computes, with an independent oracle of the calendar and the ladders, every escalation that
must be raised and resolved, and when.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from api.calendar.service import production_calendar
from domain.cycle import (
    PlannedObligation,
    RegulationSnapshot,
    Runner,
    instance_institution,
    planned_obligations,
    snapshot_for,
)
from domain.deadlines import Recurrence
from domain.payloads import required_form
from domain.regulations.catalog import regulation
from domain.regulations.khmao.sites import INSTITUTIONS, SITES, site_by_id
from domain.regulations.model import Indicator, IndicatorType, Obligation, review_parts
from innocycle.demo_files import docx_bytes, package_data, pdf_bytes, roadmap_rows, xlsx_bytes
from tests.support.client import Api, obligation_path
from tests.support.oracle import Clock, ReferenceCalendar, ladder_instants
from workflows.quota import spravka_instance

REVOKED_SITE = "1.2.1"
LATE_ROW_SITE = "1.1.1"  # C14: its February roadmap row is closed by the Q1 report, not marked (D44)
UNDONE_ROW = "1.2-2"  # C14's November row, never done: closed with the cycle (D45)


def dated_row_dates(year: int) -> list[tuple[str, str, date]]:
    """(row, instance, date) of the dated rows of the demo roadmap (innocycle.demo_files.roadmap_rows), read by hand:
    «февраль» is due on the last day of February, «июнь, ноябрь» on the last days of June and of November, «октябрь
    {year}» on 31 October; «Постоянно» and the quarterly row another organisation performs are not tracked (D42)."""
    february = date(year, 3, 1) - timedelta(days=1)
    return [
        ("1.1", "1.1", february),
        ("1.2", "1.2-1", date(year, 6, 30)),
        ("3.2", "3.2", date(year, 10, 31)),
        ("1.2", "1.2-2", date(year, 11, 30)),
    ]


def review_sequence(obligation: Obligation) -> list[tuple[str, str]]:
    """The decisions (role, action) that accept a submission, each reviewer deciding on every part awaiting them
    (D33: the Department agrees the roadmap, then the curator accepts it with the other documents)."""
    chains = [list(part.chain) for part in review_parts(obligation) if part.chain]
    sequence = []
    while any(chains):
        step = max(chains, key=len)[0]
        sequence.append((step.role.value, step.action.value))
        chains = [c[1:] if c and (c[0].role, c[0].action) == (step.role, step.action) else c for c in chains]
    return sequence


@dataclass
class Action:
    at: datetime
    site_id: str
    describe: str
    run: Callable[[Api], None]


@dataclass
class Expected:
    """An escalation the scenario must produce."""

    obligation_id: str
    level: str
    raised_at: datetime
    resolved_at: datetime | None  # approximately: when the action that resolves it ran


@dataclass
class Phase:
    start: datetime
    nominal: date
    end: datetime | None  # when it was met, or the deadline moved (None: never)
    end_resolution: str = "submitted"


@dataclass
class Scenario:
    year: int
    start: datetime  # when the cycles open
    regulation_id: str = "khmao-135r"
    actions: list[Action] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    report_accepted: dict[tuple[str, str], datetime] = field(default_factory=dict)  # (site, quarter) -> accepted

    def __post_init__(self) -> None:
        self.rules = regulation(self.regulation_id)
        self.clock = Clock(self.rules.timezone)
        self.calendar = ReferenceCalendar(range(self.year - 2, self.year + 3))
        self.production = production_calendar(range(self.year - 1, self.year + 2))
        self.snapshots: dict[str, RegulationSnapshot] = {s.id: snapshot_for(self.rules, s, self.year) for s in SITES}
        self._institutions = itertools.cycle(INSTITUTIONS)

    # --- when people act ------------------------------------------------------------------------------------

    def working_at(self, day: date, hour: int = 10) -> datetime:
        return self.clock.at(self.calendar.next_working(day), hour)

    def after(self, instant: datetime, working_days: int, hour: int) -> datetime:
        return self.clock.at(self.calendar.shift(self.clock.day_of(instant), working_days), hour)

    def opening(self, planned: PlannedObligation) -> datetime:
        return max(planned.opens_at or self.start, self.start)

    # --- who acts --------------------------------------------------------------------------------------------

    def submitter(self, site_id: str, obligation: Obligation, instance: str = "") -> str:
        roles = {r.value for r in obligation.submitters}
        institution = instance_institution(obligation, instance)
        if institution is not None:  # an institution's own forms (D34): its own responsible person
            return f"institution.{institution}"
        if "site_responsible" in roles and obligation.key not in ("package", "quarterly_report"):
            return f"responsible.{site_id}"
        if "site_director" in roles:
            return f"director.{site_id}"
        if "institution_responsible" in roles:
            return f"institution.{next(self._institutions).id}"
        if "rcrso_director" in roles:
            return "rcrso"
        raise ValueError(f"nobody to submit {obligation.key}")

    def reviewer(self, site_id: str, role: str) -> str:
        return {
            "curator": f"curator.{site_id}",
            "department": "department",
            "site_responsible": f"responsible.{site_id}",
            "rcrso_director": "rcrso",
        }[role]

    # --- content ---------------------------------------------------------------------------------------------

    def items(self, site_id: str, obligation: Obligation) -> dict[str, str]:
        status = self.snapshots[site_id].site_status
        chosen = {}
        for item in obligation.items:
            if not item.required_of(status):
                continue
            for kind in ("pdf", "docx", "xlsx"):
                if kind in {f.value for f in item.formats}:
                    chosen[item.key] = self.files[(site_id, kind)]
                    break
        return chosen

    def data(self, site_id: str, obligation: Obligation, planned: PlannedObligation, day: date) -> Any:
        form = required_form(obligation)
        if form == "package":
            return package_data(self.year)
        if form == "meeting":
            return {"form": "meeting", "held_on": day.isoformat(), "format": "vks", "link": "https://vks.example/r/1"}
        if form == "report":
            quarter = planned.period.index if planned.period else 1
            indicators = [
                _value(i, quarter) for i in self.snapshots[site_id].indicators if i.key in obligation.indicators
            ]
            rows = []
            if obligation.reports_roadmap:
                rows = [{"no": row["no"], "status": "in_progress"} for row in roadmap_rows(self.year)]
                if (site_id, planned.instance) == (LATE_ROW_SITE, "Q1"):  # C14 accounts for its February row here
                    rows[0] = {"no": "1.1", "status": "done", "fact_date": f"{self.year}-02-20"}
            return {"form": "report", "indicators": indicators, "roadmap": rows}
        return None

    # --- building the script ---------------------------------------------------------------------------------

    def build(self) -> None:
        for site in SITES:
            snapshot = self.snapshots[site.id]
            for planned in planned_obligations(snapshot, self.year, self.production):
                if site.id == REVOKED_SITE and self.opening(planned) >= self.revocation_at():
                    continue
                if planned.runner == Runner.SUBMISSION:
                    self.plan_submission(site.id, planned)
                elif planned.runner == Runner.QUOTA:
                    self.plan_quota(site.id, planned)
                elif planned.runner == Runner.COVERAGE:
                    self.plan_coverage(site.id, planned)
                elif planned.runner == Runner.FRESHNESS:
                    self.plan_freshness(site.id, planned)
            self.plan_rows(site.id)
        revoked_at = self.revocation_at()
        self.actions = [a for a in self.actions if a.site_id != REVOKED_SITE or a.at < revoked_at]
        self.actions.append(Action(revoked_at, REVOKED_SITE, "revocation", self.revoke))
        self.actions.sort(key=lambda a: a.at)
        # C14's November row closes as not done once the last of its cycle's other obligations is accepted (D45).
        cycle_closes = max(a.at for a in self.actions if a.site_id == LATE_ROW_SITE)
        undone = self.oid(LATE_ROW_SITE, key="roadmap_row", instance=UNDONE_ROW)
        for expected in self.expected:
            if expected.obligation_id == undone:
                expected.resolved_at = cycle_closes
        revoked = f"cycle:{REVOKED_SITE}:"
        kept = []
        for expected in self.expected:
            if expected.obligation_id.startswith(revoked):
                if expected.raised_at >= revoked_at:
                    continue  # closed before it could be raised
                if expected.resolved_at is None or expected.resolved_at > revoked_at:
                    expected.resolved_at = revoked_at  # closed by the revocation
            kept.append(expected)
        self.expected = kept

    def revocation_at(self) -> datetime:
        return self.working_at(date(self.year, 9, 28), 15)

    def oid(self, site_id: str, planned: PlannedObligation | None = None, key: str = "", instance: str = "") -> str:
        key = planned.obligation.key if planned else key
        instance = planned.instance if planned else instance
        return f"cycle:{site_id}:{self.year}:{key}:{instance}"

    def plan_submission(self, site_id: str, planned: PlannedObligation, opened: datetime | None = None) -> None:
        obligation = planned.obligation
        assert planned.nominal_due is not None
        opened = opened or self.opening(planned)
        key, instance = obligation.key, planned.instance
        if obligation.key == "package":
            submit_at = self.working_at(self.calendar.shift(self.calendar.roll(planned.nominal_due), -7))
        else:
            submit_at = max(self.working_at(self.clock.day_of(opened)), opened + timedelta(hours=1))
        phases = [Phase(start=opened, nominal=planned.nominal_due, end=None)]
        returns = 0
        if (site_id, key) == ("1.1.12", "package"):  # C4: four documents first, then late
            early = self.working_at(self.calendar.shift(self.calendar.roll(planned.nominal_due), -2))
            self.add(early, site_id, "C4 without its roadmap", self.submit_without_roadmap(site_id, planned))
            submit_at = self.working_at(self.calendar.shift(self.calendar.roll(planned.nominal_due), 3))
        if (site_id, key) == ("1.2.4", "package"):
            submit_at = self.working_at(self.calendar.shift(self.calendar.roll(planned.nominal_due), 7))
        if (site_id, key, instance) == ("1.1.9", "quarterly_report", "Q2"):
            submit_at = self.working_at(self.calendar.shift(self.calendar.roll(planned.nominal_due), 2))
        if (site_id, key) == ("1.1.6", "package"):
            returns = 2
        if (site_id, key, instance) == ("1.1.2", "quarterly_report", "Q3"):
            submit_at = self.plan_extension(site_id, planned, phases, opened)
        login = self.submitter(site_id, obligation, instance)
        at = submit_at
        if (site_id, key) == ("1.1.1", "package"):  # C14: its own head may not accept what the RC sent
            path = obligation_path(site_id, self.year, key, instance) + "/decisions"
            self.add(
                at + timedelta(minutes=30),
                site_id,
                "own acceptance refused",
                _post(f"director.{site_id}", path, {"action": "approve"}, expect=409),
            )
        for number in range(returns + 1):
            self.add(at, site_id, f"submit {key} {instance}", self.submit(site_id, planned, login, at))
            if key == "quarterly_report":
                self.report_accepted[(site_id, instance)] = self.after(at, len(review_sequence(obligation)), 11)
            phases[-1].end = at
            chain = review_sequence(obligation)
            decided = at
            for index, (role, step_action) in enumerate(chain):
                decided = self.after(decided, 1, 11)
                returning = number < returns and index == 0
                action = "return" if returning else step_action
                self.add(decided, site_id, f"{action} {key}", self.decide(site_id, planned, role, action))
                if returning:
                    revise = max(planned.nominal_due, self.calendar.shift(self.clock.day_of(decided), 5))
                    phases.append(Phase(start=decided, nominal=revise, end=None))
                    at = self.after(decided, 2, 10)
                    break
        self.expect(self.oid(site_id, planned), obligation, phases, planned.internal_target)

    def plan_extension(
        self, site_id: str, planned: PlannedObligation, phases: list[Phase], opened: datetime
    ) -> datetime:
        assert planned.nominal_due is not None
        ask = max(self.working_at(self.clock.day_of(opened)), opened + timedelta(hours=1))
        until = self.calendar.shift(self.calendar.roll(planned.nominal_due), 5)
        path = obligation_path(site_id, self.year, planned.obligation.key, planned.instance)
        body = {"until": until.isoformat(), "reason": "Болезнь ответственного лица"}
        self.add(ask, site_id, "ask for more time", _post(f"director.{site_id}", path + "/extension-requests", body))
        grant = ask + timedelta(hours=1)
        self.add(
            grant,
            site_id,
            "grant more time",
            _post(f"curator.{site_id}", path + "/extension-decisions", {"grant": True}),
        )
        phases[-1].end, phases[-1].end_resolution = grant, "extended"
        phases.append(Phase(start=grant, nominal=until, end=None))
        return self.working_at(self.calendar.shift(self.calendar.roll(planned.nominal_due), 2))

    def plan_quota(self, site_id: str, planned: PlannedObligation) -> None:
        obligation, period = planned.obligation, planned.period
        assert period is not None
        oid = self.oid(site_id, planned)
        if period.kind.value == "year":
            days = [date(self.year, 2, 15), date(self.year, 5, 15)]
            if site_id == "1.2.3":  # OP18: the second product only in October
                days[1] = date(self.year, 10, 12)
        else:
            days = [period.start + timedelta(days=14)]
        times = [self.working_at(day) for day in days[: obligation.quota or 1]]
        for number, at in enumerate(times, 1):
            body = {
                "title": f"Модельная программа № {number}",
                "item_kind": "программа",
                "items": self.items(site_id, obligation),
            }
            path = obligation_path(site_id, self.year, obligation.key, planned.instance) + "/products"
            self.add(at, site_id, f"product {number}", _post(f"director.{site_id}", path, body))
        risk = self.clock.end_of(date(self.year, 9, 30))
        if period.kind.value == "year" and times[-1] > risk and site_id != REVOKED_SITE:
            self.expected.append(Expected(oid, "risk", risk, times[-1]))

    def plan_coverage(self, site_id: str, planned: PlannedObligation) -> None:
        oid = self.oid(site_id, planned)
        path = obligation_path(site_id, self.year, planned.obligation.key, planned.instance)
        targets = [i.name for i in INSTITUTIONS if i.id != site_by_id(site_id).institution_id][:3]
        plan_at = self.working_at(date(self.year, 1, 20))
        body = {"targets": targets, "items": self.items(site_id, planned.obligation)}
        self.add(plan_at, site_id, "monitoring plan", _post(f"director.{site_id}", path + "/monitoring-plan", body))
        days = [date(self.year, 3, 20), date(self.year, 6, 19), date(self.year, 9, 10)]
        if site_id == "1.1.11":  # C2: behind at the end of Q3
            days = [date(self.year, 6, 19), date(self.year, 10, 15), date(self.year, 11, 16)]
        spravka = next(o for o in self.snapshots[site_id].obligations if o.key == "monitoring_spravka")
        for target, day in zip(targets, days, strict=True):
            at = self.working_at(day)
            completed_on = self.clock.day_of(at).isoformat()
            body = {"target": target, "completed_on": completed_on}
            self.add(at, site_id, "monitoring completed", _post(f"director.{site_id}", path + "/monitorings", body))
            instance = spravka_instance(target, completed_on)
            child = PlannedObligation(
                obligation=spravka,
                instance=instance,
                period=None,
                nominal_due=self.calendar.shift(self.clock.day_of(at), 10),
                runner=Runner.SUBMISSION,
                opens_at=at,
            )
            self.plan_submission(site_id, child, opened=at + timedelta(seconds=5))
        risk = self.clock.end_of(date(self.year, 9, 30))
        if site_id == "1.1.11":
            self.expected.append(Expected(oid, "risk", risk, self.working_at(days[2])))

    def plan_freshness(self, site_id: str, planned: PlannedObligation) -> None:
        obligation = planned.obligation
        assert isinstance(obligation.deadline, Recurrence)
        start_day = self.clock.day_of(self.opening(planned))
        days = [d for d in obligation.deadline.occurrences(self.year, self.production) if d >= start_day]
        skipped: set[date] = set()
        if (site_id, obligation.key) == ("1.1.10", "registry_identified_daily"):
            may = [d for d in days if d.month == 5 and d.day >= 12][:3]
            skipped = set(may)
        login = self.submitter(site_id, obligation)
        path = obligation_path(site_id, self.year, obligation.key, planned.instance) + "/registry-updates"
        updates = []
        for day in days:
            if day in skipped:
                continue
            at = self.clock.at(day, 10)
            updates.append(at)
            body = {"items": self.items(site_id, obligation), "entries": 10}
            self.add(at, site_id, f"registry {obligation.key}", _post(login, path, body))
        if skipped:
            first = min(skipped)
            instants = ladder_instants(obligation.ladder, first, self.calendar, self.clock)
            resolved = min(u for u in updates if u > max(self.clock.at(d, 10) for d in skipped))
            for level, at in instants:
                if level != "reminder" and at < resolved:
                    self.expected.append(Expected(self.oid(site_id, planned), level, at, resolved))

    def plan_rows(self, site_id: str) -> None:
        """The dated rows of the approved roadmap (D42): marked done a week before their date, with a note as the
        evidence (D44); C14's February row is left to the Q1 report, and climbs its ladder (D43) until accepted."""
        rule = self.rules.roadmap_row
        assert rule is not None
        for _no, instance, due in dated_row_dates(self.year):
            oid = self.oid(site_id, key="roadmap_row", instance=instance)
            if (site_id, instance) == (LATE_ROW_SITE, "1.1"):
                accepted = self.report_accepted[(site_id, "Q1")]
                for level, at in ladder_instants(rule.ladder, due, self.calendar, self.clock):
                    if at < accepted:
                        self.expected.append(Expected(oid, level, at, accepted))
                continue
            if (site_id, instance) == (LATE_ROW_SITE, UNDONE_ROW):
                for level, at in ladder_instants(rule.ladder, due, self.calendar, self.clock):
                    self.expected.append(Expected(oid, level, at, None))  # resolved with the cycle: build()
                continue
            at = self.working_at(self.calendar.shift(self.calendar.roll(due), -7))
            path = obligation_path(site_id, self.year, "roadmap_row", instance) + "/done"
            body = {"fact_date": self.clock.day_of(at).isoformat(), "note": "Выполнено по плану"}
            self.add(at, site_id, f"roadmap row {instance} done", _post(f"responsible.{site_id}", path, body))

    # --- expectations ----------------------------------------------------------------------------------------

    def expect(self, oid: str, obligation: Obligation, phases: list[Phase], internal_target: date | None) -> None:
        for number, phase in enumerate(phases):
            instants = ladder_instants(obligation.ladder, phase.nominal, self.calendar, self.clock)
            if internal_target is not None and number == 0:
                target = self.clock.end_of(self.calendar.roll(internal_target))
                if target < self.clock.end_of(self.calendar.roll(phase.nominal)):
                    instants.append(("internal_target", target))
            for level, at in instants:
                if level == "reminder" and at <= phase.start:
                    continue
                if phase.end is not None and at >= phase.end:
                    continue
                self.expected.append(Expected(oid, level, max(at, phase.start), phase.end))

    # --- the commands --------------------------------------------------------------------------------------

    def add(self, at: datetime, site_id: str, describe: str, run: Callable[[Api], None]) -> None:
        self.actions.append(Action(at, site_id, describe, run))

    def submit(self, site_id: str, planned: PlannedObligation, login: str, at: datetime) -> Callable[[Api], None]:
        obligation = planned.obligation
        items = self.items(site_id, obligation)
        data = self.data(site_id, obligation, planned, self.clock.day_of(at))
        path = obligation_path(site_id, self.year, obligation.key, planned.instance) + "/submissions"
        return _post(login, path, {"items": items, "data": data, "note": ""})

    def submit_without_roadmap(self, site_id: str, planned: PlannedObligation) -> Callable[[Api], None]:
        items = self.items(site_id, planned.obligation)
        del items["roadmap"]
        path = obligation_path(site_id, self.year, "package", "annual") + "/submissions"
        return _post(f"director.{site_id}", path, {"items": items, "data": package_data(self.year)}, expect=409)

    def decide(self, site_id: str, planned: PlannedObligation, role: str, action: str) -> Callable[[Api], None]:
        path = obligation_path(site_id, self.year, planned.obligation.key, planned.instance) + "/decisions"
        comment = "Доработайте раздел III дорожной карты" if action == "return" else ""
        return _post(self.reviewer(site_id, role), path, {"action": action, "comment": comment})

    def revoke(self, api: Api) -> None:
        body = {
            "order": f"приказ Депсоцразвития Югры от 28.09.{self.year} № 999-р",
            "effective_on": f"{self.year}-09-28",
        }
        response = api.post("department", f"/api/sites/{REVOKED_SITE}/revocation", json=body)
        assert response.status_code == 200, response.text

    # --- running it --------------------------------------------------------------------------------------------

    def upload_files(self, api: Api) -> None:
        def upload(site_id: str) -> None:
            for kind, content in (
                ("pdf", pdf_bytes(f"Dokument {site_id}")),
                ("docx", docx_bytes(f"Документ {site_id}")),
                ("xlsx", xlsx_bytes([["Показатель", "Значение"]])),
            ):
                response = api.upload(f"director.{site_id}", site_id, f"document-{site_id}.{kind}", content)
                assert response.status_code == 201, response.text
                self.files[(site_id, kind)] = response.json()["file_id"]

        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(upload, [s.id for s in SITES]))


def _value(indicator: Indicator, quarter: int) -> dict[str, Any]:
    kind = indicator.value_type
    if kind == IndicatorType.BOOLEAN:
        return {"key": indicator.key, "period_value": True}
    if kind in (IndicatorType.COUNT, IndicatorType.NUMBER):
        return {"key": indicator.key, "period_value": 3, "ytd_value": 3 * quarter}
    if kind == IndicatorType.PERCENT:
        return {"key": indicator.key, "period_value": 90, "ytd_value": 90}
    return {"key": indicator.key, "period_value": "Достигнуто по плану"}


def _post(login: str, path: str, body: dict[str, Any], expect: int = 200) -> Callable[[Api], None]:
    def run(api: Api) -> None:
        response = api.post(login, path, json=body)
        assert response.status_code == expect, f"{login} {path}: {response.status_code} {response.text}"

    return run


def run_actions(api: Api, actions: list[Action], workers: int = 8) -> list[float]:
    """Run the actions of one instant, the sites in parallel and each site's own actions in order; returns how
    long each took."""
    by_site: dict[str, list[Action]] = {}
    for action in actions:
        by_site.setdefault(action.site_id, []).append(action)

    def run_site(site_actions: list[Action]) -> list[float]:
        took = []
        for action in site_actions:
            started = time.perf_counter()
            action.run(api)
            took.append(time.perf_counter() - started)
        return took

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [seconds for took in pool.map(run_site, by_site.values()) for seconds in took]


def escalations_recorded(query: Callable[..., list[tuple[Any, ...]]], year: int) -> list[tuple[Any, ...]]:
    rows = query(
        "SELECT obligation_id, level, raised_at, resolved_at, resolution FROM escalations WHERE year = %s "
        "ORDER BY obligation_id, raised_at, level",
        year,
    )
    return [tuple(row) for row in rows]


@dataclass
class Played:
    scenario: Scenario
    seconds: float
    instants: int
    latencies: list[float] = field(default_factory=list)  # seconds per action, as the people saw them


def mismatches(played: Played, query: Callable[..., list[tuple[Any, ...]]]) -> list[str]:
    """What the recorded escalations get wrong against the oracle: raised on another instant, resolved at
    another time, missing or unexpected."""
    scenario = played.scenario
    recorded = escalations_recorded(query, scenario.year)
    expected = sorted(scenario.expected, key=lambda e: (e.obligation_id, e.raised_at, e.level))
    got = [(r[0], r[1], r[2].replace(microsecond=0)) for r in recorded]
    want = [(e.obligation_id, e.level, e.raised_at.replace(microsecond=0)) for e in expected]
    wrong = [f"unexpected {item}" for item in got if item not in want]
    wrong += [f"missing {item}" for item in want if item not in got]
    if wrong:
        return wrong
    for row, wanted in zip(recorded, expected, strict=True):
        resolved_at = row[3]
        if wanted.resolved_at is None and resolved_at is not None:
            wrong.append(f"resolved, expected open: {row}")
        if wanted.resolved_at is not None and (
            resolved_at is None or abs(resolved_at - wanted.resolved_at) > timedelta(minutes=10)
        ):
            wrong.append(f"resolved at {resolved_at}, expected about {wanted.resolved_at}: {row}")
    return wrong


async def play(env: Any, api: Api, end: date | None = None) -> Played:
    """Open the cycles of the next year for all 18 sites and run the scenario to the end of February after it,
    skipping time on the Temporal test server between the instants people act."""
    started = time.monotonic()
    now = await env.get_current_time()
    year = now.year + 1 if now.date() < date(now.year, 11, 30) else now.year + 2
    scenario = Scenario(year=year, start=now)
    scenario.upload_files(api)
    with ThreadPoolExecutor(max_workers=6) as pool:
        for response in pool.map(lambda s: api.open_cycle(s.id, year), SITES):
            assert response.status_code == 201, response.text
    scenario.start = await env.get_current_time()
    scenario.build()
    instants = 0
    latencies: list[float] = []
    for at, group in itertools.groupby(scenario.actions, key=lambda a: a.at):
        current = await env.get_current_time()
        if at > current:
            await env.sleep(at - current)
        latencies.extend(run_actions(api, list(group)))
        instants += 1
    finish = scenario.clock.at(end or date(year + 1, 2, 28), 12)
    current = await env.get_current_time()
    if finish > current:
        await env.sleep(finish - current)
    return Played(scenario=scenario, seconds=time.monotonic() - started, instants=instants, latencies=latencies)
