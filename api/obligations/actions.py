"""What a person may do on an obligation now, so that a page offers only the forms that would be accepted: the
same conditions the commands meet (``api.obligations.access.require_runner`` and the domain's ``decide`` of the
obligation's runner, which remains the judge — a form shown here can still be refused, never the other way
round), read from the obligation as its projection and histories show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.common import Actor
from domain.cycle import Runner
from domain.people import Role
from domain.regulations.model import Obligation, ObligationKind, ReviewStep, review_parts
from domain.submission.events import WAITING_FOR_SUBMITTER, SubmissionStatus
from domain.submission.machine import grantor

NOT_OPEN = ("planned", "standing", "cancelled")
COMPLETERS = (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE)  # who marks a monitoring done (domain.quota)


@dataclass(frozen=True)
class Allowed:
    """The forms a person may use on an obligation now; ``decide`` is the action the review step takes (agree or
    approve), or empty."""

    submit: bool = False
    attest_unchanged: bool = False
    decide: str = ""
    decide_step: str = ""
    request_extension: bool = False
    decide_extension: bool = False
    record_product: bool = False
    approve_plan: bool = False
    complete_monitoring: bool = False
    record_update: bool = False
    mark_done: bool = False  # «отметить выполнение» of a dated roadmap row (D44)
    own_submission: bool = False  # a reviewer of the step who sent the submission himself

    @property
    def anything(self) -> bool:
        return any(
            (
                self.submit,
                self.decide,
                self.request_extension,
                self.decide_extension,
                self.record_product,
                self.approve_plan,
                self.complete_monitoring,
                self.record_update,
                self.mark_done,
            )
        )


def _holds(actor: Actor, roles: tuple[Role, ...]) -> bool:
    return bool(actor.roles & set(roles))


def allowed(actor: Actor, row: Any, rule: Obligation, detail: dict[str, Any]) -> Allowed:
    """What ``actor`` may do now on the obligation ``row`` (its projection row) with the histories ``detail``."""
    if row.status in NOT_OPEN:
        return Allowed()
    if row.runner == Runner.SUBMISSION:
        return _on_submission(actor, row, rule, detail)
    may_submit = _holds(actor, rule.submitters)
    if row.runner == Runner.QUOTA:
        return Allowed(record_product=may_submit)
    if row.runner == Runner.COVERAGE:
        return Allowed(
            approve_plan=Role.SITE_DIRECTOR in actor.roles,
            complete_monitoring=_holds(actor, COMPLETERS) and bool(row.targets),
        )
    if row.runner == Runner.FRESHNESS:
        return Allowed(record_update=may_submit and row.status == "in_progress")
    if row.runner == Runner.ROADMAP_ROW:
        return Allowed(mark_done=may_submit and row.status == "in_progress")
    return Allowed()


def _awaited_step(actor: Actor, row: Any, rule: Obligation) -> ReviewStep | None:
    """The step of a part under review (D33: an item may have a chain of its own) that awaits a role ``actor``
    holds; the first awaited step when none does."""
    parts = getattr(row, "review_parts", None) or {}
    steps = []
    for part in review_parts(rule):
        progress = parts.get(part.key, row.review_step if not part.key else 0)
        if progress == "approved" or int(progress) >= len(part.chain):
            continue
        steps.append(part.chain[int(progress)])
    return next((s for s in steps if s.role in actor.roles), steps[0] if steps else None)


def _on_submission(actor: Actor, row: Any, rule: Obligation, detail: dict[str, Any]) -> Allowed:
    submitter = _holds(actor, rule.submitters)
    waiting = row.status in WAITING_FOR_SUBMITTER
    decide, step_title, own = "", "", False
    step = _awaited_step(actor, row, rule) if row.status == SubmissionStatus.UNDER_REVIEW else None
    if step is not None:
        submissions = detail.get("submissions") or []
        last_by = submissions[-1]["submitted_by"]["user_id"] if submissions else None
        may_sign = step.role in actor.roles and (step.acting_allowed or step.role not in actor.acting_roles)
        own = may_sign and last_by == actor.user_id
        if may_sign and not own:
            decide, step_title = step.action.value, step.title
    pending = row.pending_extension
    return Allowed(
        submit=submitter and waiting,
        attest_unchanged=submitter
        and waiting
        and rule.kind == ObligationKind.APPROVAL
        and Role.SITE_DIRECTOR in actor.roles,
        decide=decide,
        decide_step=step_title,
        request_extension=submitter and waiting and pending is None,
        decide_extension=pending is not None
        and grantor(rule) in actor.roles
        and pending["requested_by"]["user_id"] != actor.user_id,
        own_submission=own,
    )
