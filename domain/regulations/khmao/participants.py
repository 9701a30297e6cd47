"""The participant minimums C12 (1.1.3, the Сургутский реабилитационный центр) set itself in its roadmap: events of
its rows must gather at least so many people (001:L2816–2842). The quarterly report's account of such a row carries
how many took part; a count under the minimum, or none for a row done, shows as a shortfall (decision D40).

A minimum belongs to a row of the site's roadmap by the row's number as the approved 2022 roadmap prints it; the
row's own text is kept with it, so a person can see which event is meant."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.deadlines import Citation
from domain.regulations.khmao.base import site_citation

PARTICIPANTS_DECISION = "D40"


class ParticipantMinimum(BaseModel):
    """At least ``minimum`` people at each event of a roadmap row (``per="event"``), or in the quarter's events of
    the row together (``per="quarter"``)."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    row_no: str
    event: str  # Russian: what the row holds, as the roadmap says it
    minimum: int
    per: Literal["event", "quarter"]
    who: str  # Russian: whom the minimum counts
    citation: Citation
    decisions: tuple[str, ...] = (PARTICIPANTS_DECISION,)

    def rule_ru(self) -> str:
        """«не менее 25 сотрудников организаций разных ведомств на каждом мероприятии»."""
        each = "на каждом мероприятии" if self.per == "event" else "за квартал"
        return f"не менее {self.minimum} {self.who} {each}"


_STAFF = "сотрудников организаций разных ведомств"
_AT_LEAST_25 = "Участие не менее 25 сотрудников организаций разных ведомств"


def _c12(
    row_no: str,
    line: int,
    event: str,
    minimum: int,
    quote: str,
    *,
    per: Literal["event", "quarter"] = "event",
    who: str = _STAFF,
) -> ParticipantMinimum:
    return ParticipantMinimum(
        site_id="1.1.3",
        row_no=row_no,
        event=event,
        minimum=minimum,
        per=per,
        who=who,
        citation=site_citation("1.1.3", "roadmap", row_no, line, quote),
    )


PARTICIPANT_MINIMUMS: tuple[ParticipantMinimum, ...] = (
    _c12(
        "6",
        2816,
        "Обучающие мероприятия в рамках стажировочных площадок (ежеквартально)",
        50,
        "количество специалистов, охваченных мероприятиями, не менее 50 человек",
        per="quarter",
        who="специалистов",
    ),
    _c12(
        "19",
        2836,
        "Информационно-дискуссионная площадка для инструкторов по адаптивной физической культуре",
        25,
        _AT_LEAST_25,
    ),
    _c12(
        "20",
        2837,
        "Информационно-дискуссионная площадка для специалистов по комплексной реабилитации",
        25,
        _AT_LEAST_25,
    ),
    _c12(
        "21",
        2838,
        "Семинар для медицинских работников по вопросам социально-медицинской реабилитации",
        25,
        _AT_LEAST_25,
    ),
    _c12("22", 2839, "Информационно-дискуссионная площадка для логопедов, работающих с детьми с РАС", 25, _AT_LEAST_25),
    _c12(
        "23", 2841, "Информационно-дискуссионная площадка для психологов, работающих с людьми с РАС", 25, _AT_LEAST_25
    ),
    _c12(
        "24",
        2842,
        "Научно-практическая конференция «Социальная реабилитация и социальное сопровождение людей с РАС»",
        30,
        "Участие не менее 30 сотрудников организаций разных ведомств",
    ),
)
