"""The template of a dated roadmap row's obligation (D42–D45): what every dated row of a KhMAO site's approved
roadmap is held to — its ladder, who marks it done, which evidence it takes. The cycle fills in each row's title
and date (``domain.roadmap_row.row_obligation``)."""

from __future__ import annotations

from domain.deadlines import NoDeadline
from domain.escalation import EscalationLadder, EscalationLevel, LadderStep
from domain.files import FileFormat
from domain.people import Role
from domain.regulations.khmao.base import BOTH, OFFICE_FORMATS, SITE_SUBMITTERS, order_citation
from domain.regulations.model import DocumentItem, Obligation, ObligationKind

ROADMAP_ROW_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-3, notify=(Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE)),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=10, notify=(Role.RCRSO_DIRECTOR, Role.CURATOR)),
    ),
    decision=(
        "Срок строки дорожной карты (D43): напоминание директору и ответственному лицу за 3 рабочих дня; по окончании "
        "срока — директору площадки и куратору; через 10 рабочих дней — директору РЦРСО и куратору. Департамент "
        "видит исполнение строк в ежеквартальных отчетах."
    ),
)

ROADMAP_ROW = Obligation(
    key="roadmap_row",
    title="Мероприятие дорожной карты со сроком",
    kind=ObligationKind.ROADMAP_ROW,
    citation=order_citation(
        "2.3.5",
        "130–140",
        "План мероприятий («дорожная карта») на очередной год",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient="РЦРСО",
    deadline=NoDeadline(reason="event_driven"),  # each row's date replaces it (domain.roadmap_row.row_obligation)
    ladder=ROADMAP_ROW_LADDER,
    submitters=SITE_SUBMITTERS,
    items=(
        DocumentItem(
            key="evidence",
            title="Подтверждение выполнения",
            clause="2.3.5",
            formats=(*OFFICE_FORMATS, FileFormat.PPTX, FileFormat.ZIP),
            required=False,
        ),
    ),
    decisions=("D42", "D43", "D44", "D45", "D53"),
    note=(
        "Строка утвержденной дорожной карты со сроком-датой или месяцем (D42). Выполнение отмечает площадка с "
        "подтверждением или принятый ежеквартальный отчет (D44); не отмеченная к концу цикла строка закрывается как "
        "невыполненная (D45). Строку о направлении продукта в Экспертный совет выполняет сам продукт, направленный в "
        "месяце ее срока (D53)."
    ),
)
