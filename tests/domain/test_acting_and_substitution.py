"""Acting officials (И.О.) and handovers (замещение): who may sign where, and how the record names them."""

from __future__ import annotations

import pytest

from domain.access import acting_roles_on_site, roles_on_site, substituted_roles_on_site
from domain.common import Actor, DomainError
from domain.people import Grant, Role, ScopeKind
from domain.regulations.khmao.order_135r import ANNUAL_PACKAGE
from domain.regulations.khmao.sites import site_by_id
from domain.regulations.model import ReviewStep
from domain.submission.events import SubmissionApproved
from domain.submission.machine import decide, evolve_all
from domain.submission.model import DecideSubmission, SubmissionState, SubmitDocuments

from .test_submission import DIRECTOR, ITEMS, ROADMAP, ctx, opened

SITE = site_by_id("1.1.5")


def test_a_grant_held_as_acting_official_is_told_apart_from_an_own_one() -> None:
    acting = Grant(role=Role.CURATOR, scope_kind=ScopeKind.DIRECTION, scope_id="1.1.5", acting=True)
    own = Grant(role=Role.CURATOR, scope_kind=ScopeKind.REGION, scope_id=SITE.region_id)
    assert roles_on_site([acting], SITE) == {Role.CURATOR}
    assert acting_roles_on_site([acting], SITE) == {Role.CURATOR}
    assert acting_roles_on_site([acting, own], SITE) == frozenset()  # holding it in one's own right wins
    elsewhere = Grant(role=Role.CURATOR, scope_kind=ScopeKind.DIRECTION, scope_id="1.1.6", acting=True)
    assert acting_roles_on_site([elsewhere], SITE) == frozenset()


def test_a_handed_over_role_names_the_colleague() -> None:
    handed = Grant(role=Role.CURATOR, scope_kind=ScopeKind.DIRECTION, scope_id="1.1.5", on_behalf_of="Иванова И. И.")
    assert substituted_roles_on_site([handed], SITE) == {Role.CURATOR: "Иванова И. И."}
    own = Grant(role=Role.CURATOR, scope_kind=ScopeKind.DIRECTION, scope_id="1.1.5")
    assert substituted_roles_on_site([handed, own], SITE) == {}


def _under_review() -> SubmissionState:
    events = decide(opened(), ANNUAL_PACKAGE, SubmitDocuments(actor=DIRECTOR, items=ITEMS, data=ROADMAP), ctx())
    return evolve_all(opened(), events)


def test_an_acting_official_signs_where_the_step_allows_and_the_record_says_so() -> None:
    acting = Actor(
        user_id="a", full_name="Петров П. П.", roles=frozenset({Role.CURATOR}), acting_roles=frozenset({Role.CURATOR})
    )
    events = decide(_under_review(), ANNUAL_PACKAGE, DecideSubmission(actor=acting, action="approve"), ctx())
    decided = next(e for e in events if isinstance(e, SubmissionApproved))
    assert decided.decided_by.acting is True
    assert decided.decided_by.on_behalf_of == ""


def test_an_acting_official_is_refused_where_the_step_wants_the_holder_in_person() -> None:
    personal = ANNUAL_PACKAGE.model_copy(
        update={
            "review_chain": (
                ReviewStep(
                    role=Role.CURATOR,
                    action=ANNUAL_PACKAGE.review_chain[0].action,
                    title="Утверждение",
                    acting_allowed=False,
                ),
            )
        }
    )
    state = evolve_all(
        opened(),
        decide(opened(), personal, SubmitDocuments(actor=DIRECTOR, items=ITEMS, data=ROADMAP), ctx()),
    )
    acting = Actor(
        user_id="a", full_name="Петров П. П.", roles=frozenset({Role.CURATOR}), acting_roles=frozenset({Role.CURATOR})
    )
    with pytest.raises(DomainError) as error:
        decide(state, personal, DecideSubmission(actor=acting, action="approve"), ctx())
    assert error.value.code == "acting_not_allowed"
    assert "исполняющий обязанности" in error.value.message
    holder = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))
    assert decide(state, personal, DecideSubmission(actor=holder, action="approve"), ctx())


def test_a_substitute_decides_on_behalf_of_the_absent_colleague() -> None:
    substitute = Actor(
        user_id="s",
        full_name="Сидорова С. С.",
        roles=frozenset({Role.CURATOR}),
        substitute_for={Role.CURATOR: "Куратор К. К."},
    )
    events = decide(_under_review(), ANNUAL_PACKAGE, DecideSubmission(actor=substitute, action="approve"), ctx())
    decided = next(e for e in events if isinstance(e, SubmissionApproved))
    assert decided.decided_by.on_behalf_of == "Куратор К. К."
    assert decided.decided_by.user_id == "s"
