"""One vocabulary of obligation kinds: the kind says what the regulation asks, and what runs an instance follows
from the kind alone (an undated rule runs none). Obligations stored before the kinds ``coverage`` and ``registry``
existed — in events, in the inputs of running workflows, in projection rows — read with the kinds they have now,
and so with the runner they had."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.common import event_from_stored
from domain.cycle import DATED_RULES, RUNNER_OF_KIND, Runner, runner_for
from domain.deadlines import AtLeastPerPeriod, DayAfterPeriod, NoDeadline, Recurrence
from domain.obligations import ObligationOpened, ObligationPlanned
from domain.periods import PeriodKind
from domain.regulations.catalog import REGULATIONS
from domain.regulations.khmao.order_135r import INSTITUTION_MONITORING, PRODUCT_QUOTA, SPECIALISTS_REGISTRY
from domain.regulations.khmao.order_135r import REGULATION as KHMAO
from domain.regulations.model import KIND_RU, Obligation, ObligationKind, Regulation, upcast_obligation

AT = datetime(2027, 1, 1, 5, tzinfo=UTC)
CADENCE_REGISTRIES = {"registry_identified_daily", "registry_placed_weekly", "products_last_tuesday"}


def every_obligation(regulation: Regulation) -> list[Obligation]:
    """The regulation's obligations as every site has them (overrides applied), with the sites' own additions."""
    site_ids = {rules.site_id for rules in regulation.site_rules} | {"(no rules of its own)"}
    return [
        obligation
        for site_id in sorted(site_ids)
        for status in regulation.statuses
        for obligation in regulation.obligations_for(site_id, status)
    ]


ALL = [o for regulation in REGULATIONS.values() for o in every_obligation(regulation)]


def old_shape(obligation: Obligation, kind: str) -> dict[str, Any]:
    """The obligation as an event stored before this change holds it: JSON, with the kind it had then."""
    return {**obligation.model_dump(mode="json"), "kind": kind}


def cadence_registry() -> Obligation:
    rules = KHMAO.rules_for("1.1.10")
    assert rules is not None
    return next(o for o in rules.additions if o.key == "registry_identified_daily")


def test_every_kind_has_a_russian_label_and_a_runner() -> None:
    assert set(KIND_RU) == set(ObligationKind) == set(RUNNER_OF_KIND)
    assert len(set(KIND_RU.values())) == len(KIND_RU)
    assert KIND_RU[ObligationKind.COVERAGE] == "охват мониторингом"
    assert KIND_RU[ObligationKind.REGISTRY] == "ведение реестра"


def test_the_runner_of_each_kind() -> None:
    assert RUNNER_OF_KIND == {
        ObligationKind.APPROVAL: Runner.SUBMISSION,
        ObligationKind.PERIODIC_REPORT: Runner.SUBMISSION,
        ObligationKind.MEETING: Runner.SUBMISSION,
        ObligationKind.COLLECTION: Runner.SUBMISSION,
        ObligationKind.QUOTA: Runner.QUOTA,
        ObligationKind.COVERAGE: Runner.COVERAGE,
        ObligationKind.REGISTRY: Runner.FRESHNESS,
        ObligationKind.PRODUCT_REVIEW: Runner.NONE,  # opened per product sent, by the quota (Runner.EXPERTISE)
        ObligationKind.STANDING: Runner.NONE,
        ObligationKind.ROADMAP_ROW: Runner.ROADMAP_ROW,
        ObligationKind.CRITERIA_REPORT: Runner.CRITERIA_REPORT,  # a Vologda platform's report by criteria
    }
    # The stored values of the runner never change: events and the obligations.runner column hold them.
    assert [r.value for r in Runner] == [
        "submission",
        "quota",
        "coverage",
        "freshness",
        "none",
        "roadmap_row",
        "expertise",
        "criteria_report",
    ]


@pytest.mark.parametrize("kind", list(ObligationKind))
def test_an_undated_rule_runs_nothing_whatever_its_kind(kind: ObligationKind) -> None:
    for rule in (NoDeadline(reason="continuous"), KHMAO.obligation("monitoring_spravka").deadline):
        assert runner_for(PRODUCT_QUOTA.model_copy(update={"kind": kind, "deadline": rule})) == Runner.NONE
    dated = PRODUCT_QUOTA.model_copy(
        update={"kind": kind, "deadline": AtLeastPerPeriod(count=1, period=PeriodKind.YEAR)}
    )
    assert runner_for(dated) == RUNNER_OF_KIND[kind]


def test_the_runner_does_not_depend_on_the_key() -> None:
    renamed = INSTITUTION_MONITORING.model_copy(update={"key": "plan_coverage"})
    assert runner_for(renamed) == Runner.COVERAGE
    products = PRODUCT_QUOTA.model_copy(update={"key": "institution_monitoring"})
    assert runner_for(products) == Runner.QUOTA


def test_the_regulations_use_the_new_kinds() -> None:
    assert KHMAO.obligation("institution_monitoring").kind == ObligationKind.COVERAGE
    assert {o.key for o in ALL if o.kind == ObligationKind.COVERAGE} == {"institution_monitoring"}
    assert {o.key for o in ALL if o.kind == ObligationKind.REGISTRY} == CADENCE_REGISTRIES
    assert SPECIALISTS_REGISTRY.kind == ObligationKind.COLLECTION  # kept «по мере изменений»: no cadence, no timer


def test_every_rule_fits_the_workflow_its_kind_runs_as() -> None:
    for obligation in ALL:
        rule = obligation.deadline
        # A registry is a cadence (FreshnessWorkflow), and a cadence is a registry's.
        assert (obligation.kind == ObligationKind.REGISTRY) == isinstance(rule, Recurrence), obligation.key
        if obligation.kind in (ObligationKind.QUOTA, ObligationKind.COVERAGE):
            assert isinstance(rule, AtLeastPerPeriod), obligation.key
        if RUNNER_OF_KIND[obligation.kind] == Runner.NONE:  # nothing dated is left without a workflow to escalate it
            assert not isinstance(rule, DATED_RULES), obligation.key


def test_an_old_institution_monitoring_reads_as_coverage_and_runs_as_before() -> None:
    old = old_shape(INSTITUTION_MONITORING, "quota")
    obligation = Obligation.model_validate(old)
    assert obligation.kind == ObligationKind.COVERAGE
    assert obligation == INSTITUTION_MONITORING
    assert runner_for(obligation) == Runner.COVERAGE
    assert upcast_obligation(old)["kind"] == "coverage"
    assert old["kind"] == "quota"  # the stored data is never changed


def test_an_old_cadence_collection_reads_as_a_registry_and_runs_as_before() -> None:
    registry = cadence_registry()
    obligation = Obligation.model_validate(old_shape(registry, "collection"))
    assert obligation.kind == ObligationKind.REGISTRY
    assert obligation == registry
    assert runner_for(obligation) == Runner.FRESHNESS


def test_other_old_obligations_keep_their_kind() -> None:
    # A quota that is not the monitoring of institutions, a collection without a cadence, a collection per period.
    assert Obligation.model_validate(old_shape(PRODUCT_QUOTA, "quota")).kind == ObligationKind.QUOTA
    assert Obligation.model_validate(old_shape(SPECIALISTS_REGISTRY, "collection")).kind == ObligationKind.COLLECTION
    monthly = SPECIALISTS_REGISTRY.model_copy(update={"deadline": DayAfterPeriod(period=PeriodKind.MONTH, day=5)})
    assert Obligation.model_validate(old_shape(monthly, "collection")).kind == ObligationKind.COLLECTION
    # A registry written in Python with the old kind and a rule instance reads alike.
    assert Obligation(**{**dict(cadence_registry()), "kind": ObligationKind.COLLECTION}).kind == "registry"


def test_old_events_read_with_the_new_kinds() -> None:
    ref = {
        "obligation_id": "cycle:1.1.11:2027:institution_monitoring:Y",
        "cycle_id": "cycle:1.1.11:2027",
        "site_id": "1.1.11",
        "year": 2027,
        "key": "institution_monitoring",
        "instance": "Y",
    }
    common = {"occurred_at": AT.isoformat(), "ref": ref, "regulation_id": "khmao-135r", "regulation_version": 1}
    planned = event_from_stored(
        "ObligationPlanned",
        {
            **common,
            "obligation": old_shape(INSTITUTION_MONITORING, "quota"),
            "runner": "coverage",
            "period": None,
            "deadline": None,
            "opens_at": AT.isoformat(),
        },
        1,
    )
    assert isinstance(planned, ObligationPlanned)
    assert planned.obligation.kind == ObligationKind.COVERAGE
    assert runner_for(planned.obligation).value == planned.runner
    deadline = {
        "nominal": "2027-12-31",
        "effective": "2027-12-31",
        "ends_at": "2027-12-31T19:00:00Z",
    }
    opened = event_from_stored(
        "ObligationOpened",
        {**common, "obligation": old_shape(cadence_registry(), "collection"), "deadline": deadline},
        1,
    )
    assert isinstance(opened, ObligationOpened)
    assert opened.obligation.kind == ObligationKind.REGISTRY
    assert opened.runner == ""  # opened before the runner was recorded: the projections take it from the kind
    assert runner_for(opened.obligation) == Runner.FRESHNESS
