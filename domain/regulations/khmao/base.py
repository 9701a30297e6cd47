"""What the modules of order 135-р share: the document as cited, the file formats, the review steps, the
escalation ladders (лестницы эскалации) and the helpers that build citations to seed 001.

Order 135-р (Приказ Депсоцразвития Югры от 04.02.2022 № 135-р) is split over the modules of this package so that
none of them imports another in a circle: ``sites`` (the region, institutions, directions and sites), this one
(shared values), ``decisions`` (the decisions on ambiguities), ``indicators`` (the indicator catalogue),
``sites_rules`` (the sites' own variations) and ``order_135r`` (the order's obligations and the assembled
``REGULATION``).
"""

from __future__ import annotations

from typing import Literal

from domain.deadlines import Citation
from domain.escalation import EscalationLadder, EscalationLevel, LadderStep
from domain.files import FileFormat
from domain.people import Role
from domain.regulations.khmao.sites import site_by_id
from domain.regulations.model import ReviewAction, ReviewStep
from domain.sites import SiteStatus

DOCUMENT = "Приказ Депсоцразвития Югры от 04.02.2022 № 135-р"
REGULATION_ID = "khmao-135r"
TIMEZONE = "Asia/Yekaterinburg"
SEED = "001"

OFFICE_FORMATS = (
    FileFormat.PDF,
    FileFormat.DOCX,
    FileFormat.XLSX,
    FileFormat.DOC,
    FileFormat.XLS,
    FileFormat.ODT,
    FileFormat.ODS,
)
PRESENTATION_FORMATS = (*OFFICE_FORMATS, FileFormat.PPTX)

RC = SiteStatus.RESOURCE_CENTER  # ресурсный центр
OP = SiteStatus.SUPPORT_PLATFORM  # опорная площадка
BOTH = (RC, OP)

SITE_SUBMITTERS = (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE)
INSTITUTION_SUBMITTERS = (Role.INSTITUTION_RESPONSIBLE,)

RCRSO = "БУ «Ресурсный центр развития социального обслуживания» (РЦРСО)"
DEPARTMENT_RU = "Депсоцразвития Югры"

# --- review steps ---------------------------------------------------------------------------------------------

# A late review (D31): a reminder to the awaited reviewer the working day before its term ends, the reviewer told
# when it ends, the RCRSO director 2 working days later, the Department 5 working days later. The awaited
# reviewer's role is added to whoever each step names.
REVIEW_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-1, notify=()),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=()),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=2, notify=(Role.RCRSO_DIRECTOR,)),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=5, notify=(Role.DEPARTMENT, Role.RCRSO_DIRECTOR)),
    ),
    decision=(
        "Сроки рассмотрения приказ не устанавливает (D30, D31): напоминание рассматривающему за 1 рабочий день до "
        "окончания срока; по окончании срока — ему же; через 2 рабочих дня — директору РЦРСО; через 5 рабочих дней — "
        "в Департамент. Решение по представлению или по просьбе о продлении закрывает эскалации."
    ),
)

# Terms of review, in working days from the moment the submission reaches the step (D30); the decision on a request
# for more time, 2 working days (D32).
CURATOR_TERM = 5
DEPARTMENT_TERM = 10
SITE_FORMS_TERM = 3
EXTENSION_TERM = 2

CURATOR_ACCEPTS_PACKAGE = ReviewStep(
    role=Role.CURATOR,
    action=ReviewAction.APPROVE,
    title="Принятие куратором направления РЦРСО",
    term=CURATOR_TERM,
    extension_term=EXTENSION_TERM,
    ladder=REVIEW_LADDER,
)
CURATOR_ACCEPTS_REPORT = ReviewStep(
    role=Role.CURATOR,
    action=ReviewAction.APPROVE,
    title="Принятие отчета куратором направления РЦРСО",
    term=CURATOR_TERM,
    extension_term=EXTENSION_TERM,
    ladder=REVIEW_LADDER,
)
DEPARTMENT_AGREES_ROADMAP = ReviewStep(
    role=Role.DEPARTMENT,
    action=ReviewAction.AGREE,
    title="Согласование плана мероприятий («дорожной карты») Депсоцразвития Югры",
    term=DEPARTMENT_TERM,
    ladder=REVIEW_LADDER,
)
DEPARTMENT_ACCEPTS_REPORT = ReviewStep(
    role=Role.DEPARTMENT,
    action=ReviewAction.APPROVE,
    title="Принятие отчета Депсоцразвития Югры",
    term=DEPARTMENT_TERM,
    extension_term=EXTENSION_TERM,
    ladder=REVIEW_LADDER,
)
SITE_ACCEPTS_FORMS = ReviewStep(
    role=Role.SITE_RESPONSIBLE,
    action=ReviewAction.APPROVE,
    title="Принятие отчетных форм ресурсным центром, опорной площадкой",
    term=SITE_FORMS_TERM,
    extension_term=EXTENSION_TERM,
    ladder=REVIEW_LADDER,
)

# --- escalation ladders (brief §7.23: the order sets none; see decision D23) ------------------------------------

DEFAULT_LADDER = EscalationLadder(
    steps=(
        LadderStep(
            level=EscalationLevel.REMINDER,
            working_days=-5,
            notify=(Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE),
        ),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=5, notify=(Role.RCRSO_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=10, notify=(Role.DEPARTMENT, Role.RCRSO_DIRECTOR)),
    ),
    decision=(
        "Приказ не устанавливает порядок эскалации. Принято: напоминание за 5 рабочих дней до срока; по окончании "
        "последнего дня срока — нарушение срока с уведомлением директора площадки и куратора РЦРСО (п. 3.1); "
        "через 5 рабочих дней — директору РЦРСО; через 10 рабочих дней — в Департамент (п. 7, 9 приказа). "
        "Сроки уровней 2 и 3 — предложение, настраиваются."
    ),
)

SITE_LADDER = EscalationLadder(
    steps=(
        LadderStep(
            level=EscalationLevel.REMINDER,
            working_days=-3,
            notify=(Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE),
        ),
        LadderStep(
            level=EscalationLevel.OVERDUE,
            working_days=0,
            notify=(Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE, Role.CURATOR),
        ),
    ),
    decision=(
        "Срок установлен документом самой площадки, а не приказом 135-р: напоминание за 3 рабочих дня; по окончании "
        "срока — директору площадки и куратору РЦРСО. Директору РЦРСО и в Департамент не эскалируется: площадка "
        "не может нарушить приказ, не выполнив собственный, более строгий план (D23)."
    ),
)

REGISTRY_LADDER = EscalationLadder(
    steps=(
        LadderStep(
            level=EscalationLevel.OVERDUE,
            working_days=1,
            notify=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR),
        ),
    ),
    decision=(
        "Ежедневные и еженедельные реестры: напоминаний нет (периодичность сама служит напоминанием); если реестр "
        "не обновлен и к концу следующего рабочего дня, уведомляются ответственное лицо и директор площадки. "
        "Шаги считаются в рабочих днях, поэтому в выходные и праздничные дни уведомления не направляются (D3)."
    ),
)

INSTITUTION_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-3, notify=(Role.INSTITUTION_RESPONSIBLE,)),
        LadderStep(
            level=EscalationLevel.OVERDUE,
            working_days=0,
            notify=(Role.INSTITUTION_RESPONSIBLE, Role.SITE_RESPONSIBLE),
        ),
    ),
    decision=(
        "Обязанность государственного учреждения перед ресурсным центром, опорной площадкой (п. 5 приказа): "
        "напоминание ответственному лицу учреждения за 3 рабочих дня; по окончании срока — ему и ответственному "
        "лицу площадки-получателя. Директору площадки не эскалируется (D16); контроль учреждений — за начальниками "
        "УСЗН (п. 6), у которых нет роли в системе."
    ),
)

RCRSO_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-5, notify=(Role.RCRSO_DIRECTOR,)),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.RCRSO_DIRECTOR, Role.DEPARTMENT)),
    ),
    decision=(
        "Обязанность самого РЦРСО (п. 3 приказа): напоминание директору РЦРСО за 5 рабочих дней; по окончании срока — "
        "директору РЦРСО и в Департамент (отдел организации социального обслуживания, п. 7)."
    ),
)

# --- citations --------------------------------------------------------------------------------------------------


def order_citation(clause: str, lines: int | str, quote: str) -> Citation:
    """A clause of order 135-р, read from seed 001 (``lines`` is ``130`` or ``"130–140"``)."""
    return Citation(document=DOCUMENT, clause=clause, source=f"{SEED}:L{lines}", quote=quote)


LocalDocument = Literal["polozhenie", "roadmap", "algorithm"]


def site_document(site_id: str, part: LocalDocument) -> str:
    """The local document of a site as cited: its положение, its 2022 roadmap (дорожная карта) or its scheme
    (схема/алгоритм взаимодействия)."""
    site = site_by_id(site_id)
    holder = "ресурсного центра" if site.status == SiteStatus.RESOURCE_CENTER else "опорной площадки"
    where = f"{site.code}, п. {site.id} приказа 135-р"
    if part == "polozhenie":
        return f"Положение о деятельности {holder} ({where}); {site.polozhenie}"
    if part == "roadmap":
        return f"План мероприятий («дорожная карта») {holder} на 2022 год ({where})"
    return f"Схема (алгоритм) взаимодействия {holder} ({where})"


def site_citation(site_id: str, part: LocalDocument, clause: str, lines: int | str, quote: str) -> Citation:
    """A site's own document, read from seed 001. ``clause`` is the document's own numbering — a display label
    only, since local numbering is unreliable (D14)."""
    return Citation(document=site_document(site_id, part), clause=clause, source=f"{SEED}:L{lines}", quote=quote)
