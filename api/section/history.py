"""A section's history in plain Russian: one sentence per event of its own streams (the composition, the leader's
elections, the materials of a year), as the section's page shows it. The cycle's timeline (``api/timeline``) tells
the section's obligations; these streams are no obligation. Roles are named as the regime names them
(``ROLE_TITLES`` of the Sverdlovsk regulation), never by the KhMAO order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.common import ActorRef, DomainEvent
from domain.deadlines import local_date
from domain.escalation import LEVEL_RU
from domain.people import ROLE_RU
from domain.regulations.sverdlovsk import MATERIAL_CHECKLIST, ROLE_TITLES, TIMEZONE
from domain.section.election import (
    OUTCOME_RU,
    CandidateNominated,
    ElectionOpened,
    ElectionRoundClosed,
    LeaderElected,
    VoteCast,
    months_ru,
)
from domain.section.materials import (
    MaterialChecked,
    MaterialRevised,
    MaterialsForwarded,
    MaterialSubmitted,
    unmet_ru,
)
from domain.section.membership import (
    SectionMemberConsented,
    SectionMemberProposed,
    SectionMemberRefused,
    SectionMemberWithdrawn,
)
from domain.section.model import MEETING_FORMAT_RU
from domain.section.plan import PlanApproved, PlanMeetingAdded, PlanMeetingRemoved
from domain.section.terms import SectionTermPassed


def role_title(actor: ActorRef) -> str:
    return ROLE_TITLES.get(actor.role, ROLE_RU[actor.role])


def _by(actor: ActorRef) -> str:
    extra = " (И.О.)" if actor.acting else ""
    if actor.on_behalf_of:
        extra += f", замещая {actor.on_behalf_of}"
    return f"{actor.full_name}, {role_title(actor)}{extra}"


def _d(value: Any) -> str:
    return f"{value:%d.%m.%Y}"


def _votes(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} голос"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} голоса"
    return f"{count} голосов"


def _meetings(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} заседание"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} заседания"
    return f"{count} заседаний"


def _round(e: ElectionRoundClosed) -> str:
    t = e.tally
    head = (
        f"Тур {e.round}: голосовали {t.took_part} из {t.members} членов (кворум — {t.quorum_needed}), "
        f"воздержались — {t.abstained}; для избрания нужно {_votes(t.needed)} — {OUTCOME_RU[t.outcome]}"
    )
    return f"{head} ({_by(e.closed_by)})."


def _checked(e: MaterialChecked) -> str:
    if not e.unmet:
        return f"Материал № {e.material_no} отвечает трем требованиям — {_by(e.checked_by)}."
    return (
        f"Материал № {e.material_no} возвращен на доработку — {_by(e.checked_by)}: не выполнено — "
        f"{unmet_ru(e.unmet, MATERIAL_CHECKLIST)}. «{e.comment}»"
    )


SENTENCES: dict[type[DomainEvent], Callable[[Any], str]] = {
    SectionMemberProposed: lambda e: (
        f"В состав секции предложен(а) {e.member.full_name}, {e.member.position} ({e.member.organisation_name}) — "
        f"{_by(e.proposed_by)}; ждет согласования руководителя организации"
        + (f" до {_d(e.consent_due.effective)}." if e.consent_due else ".")
    ),
    SectionTermPassed: lambda e: (
        f"Срок {_d(e.due_effective)} прошел: {e.title[:1].lower()}{e.title[1:]} — {LEVEL_RU[e.level]}."
    ),
    SectionMemberConsented: lambda e: f"Включение в состав секции согласовано {_d(e.on)} — {_by(e.consented_by)}.",
    SectionMemberRefused: lambda e: f"Включение в состав секции не согласовано — {_by(e.refused_by)}: «{e.reason}».",
    SectionMemberWithdrawn: lambda e: f"Член секции выведен из состава — {_by(e.withdrawn_by)}: «{e.reason}».",
    ElectionOpened: lambda e: (
        f"Открыты выборы руководителя секции на заседании {_d(e.held_on)}: голосуют {len(e.electorate)} членов "
        f"секции — {_by(e.opened_by)}."
    ),
    CandidateNominated: lambda e: (
        f"Выдвинут(а) кандидат: {e.candidate.person.full_name}, {e.candidate.person.position} "
        f"({e.candidate.person.organisation_name}), стаж в должности — {months_ru(e.tenure_months)}."
    ),
    VoteCast: lambda e: (
        f"Тур {e.round}: {e.voter_name} — "
        + ("воздержался(-ась)." if e.candidate_id is None else f"за {e.candidate_name}.")
    ),
    ElectionRoundClosed: _round,
    LeaderElected: lambda e: (
        f"Руководителем секции избран(а) {e.leader.person.full_name} ({e.leader.person.position}): "
        f"{_votes(e.votes)} из {e.took_part} голосовавших, членов секции — {e.members}."
    ),
    MaterialSubmitted: lambda e: (
        f"Представлен методический материал № {e.material_no} «{e.title}» (тема: {e.topic}; авторы: "
        f"{', '.join(e.authors)}) — {_by(e.submitted_by)}."
    ),
    MaterialRevised: lambda e: f"Материал № {e.material_no} доработан и представлен снова — {_by(e.revised_by)}.",
    MaterialChecked: _checked,
    PlanMeetingAdded: lambda e: (
        f"В план {e.year} года внесено заседание {_d(e.meeting.on)} ({MEETING_FORMAT_RU[e.meeting.format]}): "
        f"«{e.meeting.topic}» — {_by(e.added_by)}."
    ),
    PlanMeetingRemoved: lambda e: (
        f"Из плана {e.year} года исключено заседание {_d(e.meeting.on)} — {_by(e.removed_by)}."
    ),
    PlanApproved: lambda e: (
        f"Строки плана {e.year} года ({_meetings(len(e.meetings))}) утверждены вместе с файлом "
        f"«{e.file.file.filename}» (представление № {e.file.submission_no}, утвержден "
        f"{_d(local_date(e.file.approved_at, TIMEZONE))}) — "
        f"{_by(e.approved_by)}."
    ),
    MaterialsForwarded: lambda e: (
        f"В ОМЦ переданы материалы № {', '.join(str(n) for n in e.material_nos)} — {_by(e.forwarded_by)}."
    ),
}


def sentence(event: DomainEvent) -> str:
    return SENTENCES[type(event)](event)
