"""Regulations as a reader sees them: every rule with its citation, Russian title, a sentence saying when it is
due, and the decisions taken where the source is ambiguous."""

from __future__ import annotations

from typing import Any

from domain.escalation import LEVEL_RU, EscalationLadder
from domain.people import ROLE_RU
from domain.regulations.model import KIND_RU, IndicatorCatalogue, Obligation, Regulation, SiteRules
from domain.sites import SITE_STATUS_RU


def obligation_url(regulation_id: str, key: str) -> str:
    return f"/api/regulations/{regulation_id}/obligations/{key}"


def ladder_view(ladder: EscalationLadder | None) -> list[dict[str, Any]]:
    if ladder is None:
        return []
    steps = []
    for step in ladder.steps:
        if step.working_days < 0:
            when = f"за {-step.working_days} рабочих дней до срока"
        elif step.working_days == 0:
            when = "по окончании последнего дня срока"
        else:
            when = f"через {step.working_days} рабочих дней после срока"
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
        "deadline": {**obligation.deadline.model_dump(mode="json"), "text_ru": obligation.deadline.describe_ru()},
        "internal_target": (
            {**obligation.internal_target.model_dump(mode="json"), "text_ru": obligation.internal_target.describe_ru()}
            if obligation.internal_target
            else None
        ),
        "ladder": ladder_view(obligation.ladder),
        "ladder_decision": obligation.ladder.decision if obligation.ladder else "",
        "submitters": [{"role": r.value, "role_ru": ROLE_RU[r]} for r in obligation.submitters],
        "review_chain": [
            {
                "role": s.role.value,
                "role_ru": ROLE_RU[s.role],
                "action": s.action.value,
                "title": s.title,
                "acting_allowed": s.acting_allowed,
            }
            for s in obligation.review_chain
        ],
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


def site_rules_view(regulation: Regulation, rules: SiteRules) -> dict[str, Any]:
    return {
        "site_id": rules.site_id,
        "overrides": [o.model_dump(mode="json") for o in rules.overrides],
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


def regulation_view(regulation: Regulation) -> dict[str, Any]:
    return {
        **regulation_summary(regulation),
        "note": regulation.note,
        "obligations": [obligation_view(regulation, o) for o in regulation.obligations],
        "indicator_catalogues": [catalogue_view(c) for c in regulation.indicator_catalogues],
        "site_rules": [site_rules_view(regulation, r) for r in regulation.site_rules],
        "decisions": [d.model_dump() for d in regulation.decisions],
    }
