"""The regulation model: a regulation is data — obligations with their citation, kind, deadline rule,
submitters, review chain and escalation ladder; the indicator catalogue; site overrides with their own citation;
and the decisions taken where the source is ambiguous. A cycle receives a frozen snapshot when it starts, so
editing a regulation never changes a running cycle."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from domain.deadlines import Citation, DeadlineRule, Recurrence
from domain.escalation import EscalationLadder
from domain.files import FileFormat
from domain.people import Role
from domain.sites import SiteStatus


class ObligationKind(StrEnum):
    """What the regulation asks of the obligor. The kind alone says which workflow runs an instance of it
    (``domain.cycle.RUNNER_OF_KIND``); an undated rule runs none."""

    APPROVAL = "approval"  # documents submitted -> review chain -> approved | returned for revision -> resubmitted
    PERIODIC_REPORT = "periodic_report"  # a report on a period, opened when it ends -> submitted -> accepted | returned
    MEETING = "meeting"  # held with evidence by a date, or "at least N per period"
    QUOTA = "quota"  # at least N items of a kind in the period (two products a year, 2.4.2)
    COVERAGE = "coverage"  # every institution of the approved monitoring plan monitored in the year (4.1)
    PRODUCT_REVIEW = "product_review"  # expert council: experts -> reviews -> council decision
    COLLECTION = "collection"  # something gathered and sent by a date or for a period (a сборник, a registry's extract)
    REGISTRY = "registry"  # a registry kept up to date on a cadence (daily, weekly, the last Tuesday of a month)
    STANDING = "standing"  # a duty without a date; its state is asked for in the quarterly report
    ROADMAP_ROW = "roadmap_row"  # a dated row of the site's approved roadmap, tracked like an obligation (D42)
    # a report by criteria with indicator values, evidence and consistency warnings, agreed and approved (Vologda)
    CRITERIA_REPORT = "criteria_report"


KIND_RU: dict[ObligationKind, str] = {
    ObligationKind.APPROVAL: "утверждение документов",
    ObligationKind.PERIODIC_REPORT: "периодический отчет",
    ObligationKind.MEETING: "мероприятие",
    ObligationKind.QUOTA: "количественная норма",
    ObligationKind.COVERAGE: "охват мониторингом",
    ObligationKind.PRODUCT_REVIEW: "экспертиза продукта",
    ObligationKind.COLLECTION: "сбор и ведение сведений",
    ObligationKind.REGISTRY: "ведение реестра",
    ObligationKind.STANDING: "постоянная обязанность",
    ObligationKind.ROADMAP_ROW: "мероприятие дорожной карты",
    ObligationKind.CRITERIA_REPORT: "отчет по критериям",
}


class ReviewAction(StrEnum):
    AGREE = "agree"  # СОГЛАСОВАНО
    APPROVE = "approve"  # УТВЕРЖДАЮ / принято


class ReviewStep(BaseModel):
    """One step of a review chain: who acts, whether they agree or approve, and whether an acting official
    (исполняющий обязанности, И.О.) may sign in their place."""

    model_config = ConfigDict(frozen=True)

    role: Role
    action: ReviewAction
    title: str  # e.g. "Согласование Депсоцразвития Югры"
    acting_allowed: bool = True
    # The term of the step (D30): working days from the moment the submission reaches it (ГК РФ ст. 191: counted
    # from the next day), on the production calendar; None — no term, nothing escalates.
    term: int | None = None
    # The term of the decision on a request for more time (D32), for the step whose reviewer grants it (the last).
    extension_term: int | None = None
    ladder: EscalationLadder | None = None  # the ladder of a late review (D31): who is told, and when


class DocumentItem(BaseModel):
    """One document of a submission (e.g. 2.3.1 Положение), with the formats it may come in."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    clause: str
    formats: tuple[FileFormat, ...]
    required: bool = True
    required_for: tuple[SiteStatus, ...] = ()  # when set: required only for these statuses (4.3: resource centres)
    # The item's own review chain, instead of the obligation's (D33: the Department agrees the roadmap alone); the
    # submission is accepted when every item is approved by its own chain.
    review_chain: tuple[ReviewStep, ...] | None = None

    def required_of(self, status: SiteStatus | None) -> bool:
        if self.required_for:
            return status in self.required_for
        return self.required


class Aggregation(StrEnum):
    """How a measure adds up over the year."""

    SUM = "sum"  # a flow: people served, services given — the quarters add up
    LAST = "last"  # a stock at a date: staff units, specialists — the latest quarter stands for the period


class Measure(BaseModel):
    """A figure of a quarterly monitoring («Сводная информация…», Vologda 002:87), typed once per quarter; the
    year-to-date figures are computed from the quarters (``domain.platform.cumulative``, D10)."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    unit: str
    aggregation: Aggregation
    fractional: bool = False  # staff units may be 110,95; people and services are whole


class Obligation(BaseModel):
    """An obligation (обязанность): who owes what to whom, by when, with its source."""

    model_config = ConfigDict(frozen=True)

    key: str  # stable within the regulation, used in workflow ids and URLs: "package", "quarterly_report"
    title: str  # Russian
    kind: ObligationKind
    citation: Citation
    obligor: Role  # who owes it (the site director, the RCRSO director, an institution's responsible person…)
    applies_to: tuple[SiteStatus, ...] = ()  # a tuple, not a set: events must serialise the same way every time
    recipient: str = ""  # Russian: "РЦРСО", "Экспертный совет РЦРСО", "Департамент"
    deadline: DeadlineRule
    internal_target: DeadlineRule | None = None  # a stricter date the site set itself: a reminder, not an escalation
    ladder: EscalationLadder | None = None  # None: no escalation (undated duties)
    submitters: tuple[Role, ...] = ()
    review_chain: tuple[ReviewStep, ...] = ()
    items: tuple[DocumentItem, ...] = ()  # documents of an Approval or a report
    revision_working_days: int = 5  # how long a returned submission has, at least, to come back
    quota: int | None = None  # Quota / "at least N": how many
    cumulative: bool = False  # periodic values reported year-to-date (нарастающим итогом)
    # The figures a quarterly monitoring carries, typed for the quarter only (D10): its submission's data form.
    measures: tuple[Measure, ...] = ()
    reports_roadmap: bool = False  # the report accounts for every row of the approved roadmap
    # One instance per institution reporting to the site and period (5.2, D34): instance "Q1-megion-kcson".
    per_institution: bool = False
    # The institutions of a per-institution obligation are told to the running cycle, not read from the site: a
    # Vologda platform's participating centres, from its profile (Vologda D11). None is planned until they are told —
    # never one instance for the site as a whole (KhMAO D35) — and a centre told after a quarter's deadline has passed
    # does not owe that quarter.
    institutions_told: bool = False
    # A quota of methodological products sent to the expert council (2.4.2): a product sent counts in every such
    # quota of its site whose period it falls in, once (D7, D51).
    counts_products: bool = False
    # The per-institution obligation (its key) whose instances of the same period must be in before this report is
    # accepted, unless the site records why (D34).
    awaits_institution_forms: str | None = None
    # The awaited forms count only once accepted, not once sent: their figures are what this report adds up (Vologda
    # D11); a reason is then asked for each institution missing, not one for all of them.
    awaits_accepted: bool = False
    # The standing duties (their keys) whose state this report asks for, each with an optional file or link (D37).
    standing_duties: tuple[str, ...] = ()
    # A meeting's required format ("vks": ВКС, 2.4.3): another one only with the site's reason (D38).
    required_format: str | None = None
    indicators: tuple[str, ...] = ()  # indicator keys a report carries (the site's set, when overridden)
    decisions: tuple[str, ...] = ()  # ids of the decisions on ambiguities that shaped this obligation
    site_override: Citation | None = None  # set when a site's own document changed the rule
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _upcast(cls, data: Any) -> Any:
        return upcast_obligation(data) if isinstance(data, dict) else data

    def item(self, key: str) -> DocumentItem | None:
        return next((item for item in self.items if item.key == key), None)


# The obligation whose kind was ``quota`` before ``coverage`` existed (order 135-р 4.1).
_COVERAGE_BEFORE = "institution_monitoring"


def upcast_obligation(data: dict[str, Any]) -> dict[str, Any]:
    """An obligation as stored before the kinds ``coverage`` and ``registry`` existed, in the shape it has now.

    Obligations are copied into events (``ObligationPlanned``, ``ObligationOpened``), into the inputs of running
    workflows and into projection rows, and none of these is ever rewritten: until then the monitoring of
    institutions (4.1) had the kind ``quota`` and the registries kept on a cadence (a recurrence) ``collection``.
    Read now, they have the kinds ``coverage`` and ``registry``, so what runs them follows from the kind as it did
    from the key and the rule before: the same runner, the same commands on replay."""
    kind = data.get("kind")
    if kind == ObligationKind.QUOTA and data.get("key") == _COVERAGE_BEFORE:
        return {**data, "kind": ObligationKind.COVERAGE.value}
    if kind == ObligationKind.COLLECTION and _is_recurrence(data.get("deadline")):
        return {**data, "kind": ObligationKind.REGISTRY.value}
    return data


def _is_recurrence(rule: object) -> bool:
    return isinstance(rule, Recurrence) or (isinstance(rule, dict) and rule.get("kind") == "recurrence")


class IndicatorType(StrEnum):
    COUNT = "count"  # a whole number
    NUMBER = "number"  # a decimal (e.g. 110.95 staff units)
    PERCENT = "percent"
    BOOLEAN = "boolean"  # present / absent
    LEVEL = "level"  # a qualitative level
    TEXT = "text"  # a narrative result (результативность)


class Indicator(BaseModel):
    """A target indicator (целевой показатель / критерий)."""

    model_config = ConfigDict(frozen=True)

    key: str  # "I1", "C1.N3"
    title: str  # Russian, verbatim
    value_type: IndicatorType
    citation: Citation
    criterion: str = ""  # the criterion it belongs to, where the regime groups them (Vologda)
    qualitative: bool = False
    unit: str = ""


class IndicatorCatalogue(BaseModel):
    """The indicators of a regime, versioned by the year they apply from."""

    model_config = ConfigDict(frozen=True)

    id: str
    year: int
    criteria: tuple[str, ...] = ()  # Russian titles, in order
    indicators: tuple[Indicator, ...]

    def indicator(self, key: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.key == key:
                return indicator
        raise KeyError(key)


class ObligationOverride(BaseModel):
    """What one site's own documents change in an obligation of the regulation, with their citation. Only the
    fields given replace the regulation's."""

    model_config = ConfigDict(frozen=True)

    obligation: str  # key of the regulation's obligation
    citation: Citation
    deadline: DeadlineRule | None = None
    internal_target: DeadlineRule | None = None
    review_chain: tuple[ReviewStep, ...] | None = None
    indicators: tuple[str, ...] | None = None
    item_review_chains: dict[str, tuple[ReviewStep, ...]] | None = None  # an item's own chain, by item key (D33)
    note: str = ""


class SiteRules(BaseModel):
    """A site's variations on the regulation: overrides of its obligations, obligations of its own (registries,
    extra reports, cadences), and its indicator set."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    overrides: tuple[ObligationOverride, ...] = ()
    additions: tuple[Obligation, ...] = ()
    indicator_set: tuple[str, ...] = ()
    note: str = ""


class Decision(BaseModel):
    """A decision taken where the source is silent or contradicts itself, with the reason (a curator will ask)."""

    model_config = ConfigDict(frozen=True)

    id: str  # "D1"
    question: str  # Russian
    decision: str  # Russian
    reason: str  # Russian
    sources: tuple[str, ...] = ()  # seed line references, e.g. "001:L150"


class CycleOpening(BaseModel):
    """When the cycles of year N open by themselves (the region's workflow, ``workflows/regions.py``): a date of
    the year before, at the start of the region's day. The RCRSO's сборник of year N opens with them."""

    model_config = ConfigDict(frozen=True)

    month: int
    day: int
    year_offset: int = -1
    decisions: tuple[str, ...] = ()

    def opens_on(self, cycle_year: int) -> date:
        return date(cycle_year + self.year_offset, self.month, self.day)


class CuratorRequirement(BaseModel):
    """Every site has a curator in force (KhMAO order 135-р 3.1); a site without one is an escalation to
    ``escalate_to`` until one is granted (``api/region/curators.py``)."""

    model_config = ConfigDict(frozen=True)

    clause: str
    escalate_to: Role
    decisions: tuple[str, ...] = ()


class ReviewCriterion(BaseModel):
    """A criterion of an expert's review (критерий экспертизы), scored from 0 to ``max_score`` with a comment."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str  # Russian
    max_score: int = 3


class CouncilRules(BaseModel):
    """How the Expert Council (Экспертный совет) examines a methodological product: how many experts, their terms
    in working days, the reminders and the ladder of a late review, the review form and how the council decides.
    The source is silent on all of it; each value is a decision of the regulation (``decisions``)."""

    model_config = ConfigDict(frozen=True)

    body: str  # the council's name, as the documents give it
    host_institution_id: str  # the organisation the council sits at (its staff recuse from its own products)
    experts_per_product: int
    respond_working_days: int  # to accept or decline an assignment
    review_working_days: int  # from the acceptance to the review
    reminders: tuple[int, ...]  # working days before the review's due date, one reminder each (their maximum count)
    secretary_after: int  # working days after the due date: the secretary is told (0: when the due day ends)
    chair_after: int  # working days after the due date: the chair is told
    criteria: tuple[ReviewCriterion, ...]
    quorum: int  # members present for the council to decide
    clause: str
    # A site's own target of positive conclusions a year (1.1.7: two, L2407), a figure beside the quota, not a
    # duty that escalates: the conclusion is the council's, not the site's (D7).
    positive_targets: dict[str, int] = {}
    decisions: tuple[str, ...] = ()


class Regulation(BaseModel):
    """A versioned regulation (e.g. order 135-р of the KhMAO Department)."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: int
    title: str
    document: str  # the source document as cited
    region_id: str
    timezone: str
    statuses: tuple[SiteStatus, ...]
    first_year: int
    obligations: tuple[Obligation, ...]
    indicator_catalogues: tuple[IndicatorCatalogue, ...] = ()
    site_rules: tuple[SiteRules, ...] = ()
    decisions: tuple[Decision, ...] = ()
    note: str = ""
    cycle_opening: CycleOpening | None = None  # None: the cycles are opened by hand only
    curators: CuratorRequirement | None = None  # None: nobody checks that every site has a curator
    # The template of a dated roadmap row's obligation (D42): None — the regulation does not track roadmap rows.
    roadmap_row: Obligation | None = None
    council: CouncilRules | None = None  # None: no expert council examines products
    # How this regime names the roles to people (Sverdlovsk: «руководитель методической секции» for the site's
    # responsible person); a role it does not name keeps its general name (``domain.roles.ROLE_RU``).
    role_titles: dict[Role, str] = {}

    def obligation(self, key: str) -> Obligation:
        for obligation in self.obligations:
            if obligation.key == key:
                return obligation
        raise KeyError(key)

    def rules_for(self, site_id: str) -> SiteRules | None:
        return next((rules for rules in self.site_rules if rules.site_id == site_id), None)

    def decision(self, decision_id: str) -> Decision:
        for decision in self.decisions:
            if decision.id == decision_id:
                return decision
        raise KeyError(decision_id)

    def obligations_for(self, site_id: str, status: SiteStatus) -> tuple[Obligation, ...]:
        """The obligations of one site: the regulation's for its status, with the site's overrides applied, then
        the site's own additions."""
        rules = self.rules_for(site_id)
        overrides = {o.obligation: o for o in rules.overrides} if rules else {}
        result = []
        for obligation in self.obligations:
            if status not in obligation.applies_to:
                continue
            override = overrides.get(obligation.key)
            result.append(apply_override(obligation, override) if override else obligation)
        if rules:
            result.extend(o for o in rules.additions if not o.applies_to or status in o.applies_to)
        return tuple(result)


def apply_override(obligation: Obligation, override: ObligationOverride) -> Obligation:
    changes: dict[str, object] = {"site_override": override.citation}
    for field in ("deadline", "internal_target", "review_chain", "indicators"):
        value = getattr(override, field)
        if value is not None:
            changes[field] = value
    if override.item_review_chains:
        chains = override.item_review_chains
        changes["items"] = tuple(
            item.model_copy(update={"review_chain": chains[item.key]}) if item.key in chains else item
            for item in obligation.items
        )
    if override.note:
        changes["note"] = f"{obligation.note} {override.note}".strip()
    return obligation.model_copy(update=changes)


class ReviewPart(BaseModel):
    """A part of a submission reviewed by one chain: the items without a chain of their own (``key`` ""), under
    the obligation's chain, or one item under its own (D33)."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    chain: tuple[ReviewStep, ...]


def review_parts(obligation: Obligation) -> tuple[ReviewPart, ...]:
    """The parts of a submission of ``obligation`` and their chains; one part, the whole submission, unless an item
    has a chain of its own."""
    whole = ReviewPart(key="", title="", chain=obligation.review_chain)
    own = tuple(
        ReviewPart(key=item.key, title=item.title, chain=item.review_chain)
        for item in obligation.items
        if item.review_chain is not None
    )
    if not own:
        return (whole,)
    rest = any(item.review_chain is None for item in obligation.items)
    return (whole, *own) if rest else own
