"""Regulations as a reader sees them: every rule with its citation, Russian title, a sentence saying when it is
due, and the decisions taken where the source is ambiguous."""

from __future__ import annotations

from typing import Any

from api.problems import Problem
from api.web.formats import working_days
from domain.deadlines import DeadlineRule
from domain.escalation import LEVEL_RU, EscalationLadder
from domain.people import ROLE_RU
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import (
    KIND_RU,
    IndicatorCatalogue,
    Obligation,
    ObligationOverride,
    Regulation,
    ReviewStep,
    SiteRules,
)
from domain.sites import SITE_STATUS_RU


def regulation_of(regulation_id: str) -> Regulation:
    regulation = REGULATIONS.get(regulation_id)
    if regulation is None:
        raise Problem(404, "regulation_not_found", "Регламент не найден.")
    return regulation


def readable(regulation: Regulation, has_grants: bool, regions: frozenset[str] | None) -> bool:
    """Whether the person reads ``regulation``: one of the regions of their grants (``regions``, as
    ``api.access.session.grant_regions`` gives them); every region for a global grant (an administrator); none
    without a grant (issue 16: nothing of another region is theirs)."""
    if regions is None:
        return has_grants
    return regulation.region_id in regions


def readable_regulation(regulation_id: str, has_grants: bool, regions: frozenset[str] | None) -> Regulation:
    """The regulation when the person may read it; 404 as for none otherwise (another region's answers like none)."""
    regulation = regulation_of(regulation_id)
    if not readable(regulation, has_grants, regions):
        raise Problem(404, "regulation_not_found", "Регламент не найден.")
    return regulation


def obligation_url(regulation_id: str, key: str) -> str:
    return f"/api/regulations/{regulation_id}/obligations/{key}"


def ladder_view(ladder: EscalationLadder | None) -> list[dict[str, Any]]:
    if ladder is None:
        return []
    steps = []
    for step in ladder.steps:
        if step.working_days < 0:
            when = f"за {working_days(-step.working_days)} до срока"
        elif step.working_days == 0:
            when = "по окончании последнего дня срока"
        else:
            when = f"через {working_days(step.working_days)} после срока"
        steps.append(
            {
                "level": step.level.value,
                "level_ru": LEVEL_RU[step.level],
                "when_ru": when,
                "working_days": step.working_days,
                "notify": [{"role": r.value, "role_ru": ROLE_RU[r]} for r in step.notify],
            }
        )
    return steps


def _step_view(step: ReviewStep) -> dict[str, Any]:
    return {
        "role": step.role.value,
        "role_ru": ROLE_RU[step.role],
        "action": step.action.value,
        "title": step.title,
        "acting_allowed": step.acting_allowed,
        "term_working_days": step.term,  # D30: from the day the submission reaches the step
        "extension_term_working_days": step.extension_term,  # D32
    }


def obligation_view(regulation: Regulation, obligation: Obligation) -> dict[str, Any]:
    decisions = []
    for decision_id in obligation.decisions:
        try:
            decisions.append(regulation.decision(decision_id).model_dump())
        except KeyError:
            continue
    return {
        "key": obligation.key,
        "url": obligation_url(regulation.id, obligation.key),
        "title": obligation.title,
        "kind": obligation.kind.value,
        "kind_ru": KIND_RU[obligation.kind],
        "citation": obligation.citation.model_dump(),
        "obligor": {"role": obligation.obligor.value, "role_ru": ROLE_RU[obligation.obligor]},
        "applies_to": [{"status": s.value, "status_ru": SITE_STATUS_RU[s]} for s in obligation.applies_to],
        "recipient": obligation.recipient,
        "deadline": _rule_words(obligation.deadline),
        "internal_target": _rule_words(obligation.internal_target),
        "ladder": ladder_view(obligation.ladder),
        "ladder_decision": obligation.ladder.decision if obligation.ladder else "",
        "submitters": [{"role": r.value, "role_ru": ROLE_RU[r]} for r in obligation.submitters],
        "review_chain": [_step_view(step) for step in obligation.review_chain],
        "items": [i.model_dump(mode="json") for i in obligation.items],
        "quota": obligation.quota,
        "cumulative": obligation.cumulative,
        "indicators": list(obligation.indicators),
        "decisions": decisions,
        "site_override": obligation.site_override.model_dump() if obligation.site_override else None,
        "note": obligation.note,
    }


def catalogue_view(catalogue: IndicatorCatalogue) -> dict[str, Any]:
    return catalogue.model_dump(mode="json")


def _rule_words(rule: DeadlineRule | None) -> dict[str, Any] | None:
    return {**rule.model_dump(mode="json"), "text_ru": rule.describe_ru()} if rule else None


def override_view(site_id: str, override: ObligationOverride) -> dict[str, Any]:
    """What one site's own document changes in an obligation, with its citation and its dates in words."""
    return {
        "site_id": site_id,
        **override.model_dump(mode="json"),
        "deadline": _rule_words(override.deadline),
        "internal_target": _rule_words(override.internal_target),
        "review_chain": (
            [_step_view(step) for step in override.review_chain] if override.review_chain is not None else None
        ),
    }


def obligation_rule(regulation: Regulation, key: str) -> dict[str, Any]:
    """One obligation of the regulation with the sites' overrides of it, or a site's own obligation (the first
    site that has one by this key) with its ``site_id``."""
    try:
        obligation = next(o for o in _rules_shown(regulation) if o.key == key)
    except StopIteration:
        for rules in regulation.site_rules:
            found = next((o for o in rules.additions if o.key == key), None)
            if found is not None:
                return {**obligation_view(regulation, found), "site_id": rules.site_id}
        raise Problem(404, "obligation_not_found", "Такой обязанности в регламенте нет.") from None
    overrides = [
        override_view(rules.site_id, override)
        for rules in regulation.site_rules
        for override in rules.overrides
        if override.obligation == key
    ]
    return {**obligation_view(regulation, obligation), "site_overrides": overrides}


def site_rules_view(regulation: Regulation, rules: SiteRules) -> dict[str, Any]:
    return {
        "site_id": rules.site_id,
        "overrides": [override_view(rules.site_id, o) for o in rules.overrides],
        "additions": [obligation_view(regulation, o) for o in rules.additions],
        "indicator_set": list(rules.indicator_set),
        "note": rules.note,
    }


def regulation_summary(regulation: Regulation) -> dict[str, Any]:
    return {
        "id": regulation.id,
        "version": regulation.version,
        "title": regulation.title,
        "document": regulation.document,
        "region_id": regulation.region_id,
        "timezone": regulation.timezone,
        "statuses": [{"status": s.value, "status_ru": SITE_STATUS_RU[s]} for s in regulation.statuses],
        "first_year": regulation.first_year,
        "obligations": len(regulation.obligations),
        "sites_with_own_rules": len(regulation.site_rules),
        "decisions": len(regulation.decisions),
        "url": f"/api/regulations/{regulation.id}",
    }


def _rules_shown(regulation: Regulation) -> tuple[Obligation, ...]:
    """The obligations of the regulation, and the template every dated row of a site's roadmap is held to (D42):
    it is planned from the approved roadmap, not from this list, but it is a rule a site's page links to."""
    template = (regulation.roadmap_row,) if regulation.roadmap_row is not None else ()
    return (*regulation.obligations, *template)


def regulation_view(regulation: Regulation) -> dict[str, Any]:
    return {
        **regulation_summary(regulation),
        "note": regulation.note,
        "obligations": [obligation_view(regulation, o) for o in _rules_shown(regulation)],
        "indicator_catalogues": [catalogue_view(c) for c in regulation.indicator_catalogues],
        "site_rules": [site_rules_view(regulation, r) for r in regulation.site_rules],
        "decisions": [d.model_dump() for d in regulation.decisions],
    }
